import type { Kysely } from 'kysely';
import { isShareKeyOf } from '../signing/offer-share-key';
import { findPerson } from '../store/person.repository';
import type { Database, OfferRow } from '../store/tables';
import { hasLink } from './invite-note';
import { Refusal } from './refusal';

/** What an email share asks to send, as the caller sent it. */
export interface InviteRequest {
  share_key?: string | undefined;
  subject?: string | undefined;
  body?: string | undefined;
  advocate_name?: string | undefined;
}

/** Who the invites come from and in what words, once the request may send at all. */
export interface InviteSender {
  advocateEmail: string | null;
  subject: string | undefined;
  advocateName: string | undefined;
  message: string | undefined;
}

/**
 * Decides whether an email share may send, and in whose words. Invites go out from the shop, so a
 * browser (no secret key) must hold the offer's share key — handed only to callers the merchant
 * vouched for — and its note may not carry a link; its subject and sender name are ignored: the
 * subject is the site's template and the name the one the merchant's server gave. The merchant's
 * server sets all of them.
 */
export async function inviteSender(db: Kysely<Database>, siteKey: string, offer: OfferRow, request: InviteRequest, fromMerchant: boolean): Promise<InviteSender> {
  if (!fromMerchant) {
    if (!request.share_key) {
      throw new Refusal({ code: 'share_key_required', kind: 'forbidden', field: 'share_key', detail: "is required to send invites from a browser (the offer's share_key, from a signed purchase or the merchant's server)" });
    }
    if (!isShareKeyOf(siteKey, offer.id, request.share_key)) throw new Refusal({ code: 'share_key_invalid', kind: 'forbidden', field: 'share_key', detail: 'is not this offer share_key' });
    if (request.body && hasLink(request.body)) throw new Refusal({ code: 'message_has_link', kind: 'invalid', field: 'body', detail: 'must not contain links (the invite carries the claim link)' });
  }
  const advocate = await findPerson(db, offer.person_id);
  // Only names the merchant's server gave go into mail sent in the shop's name.
  const knownName = advocate?.names_vouched === 1 ? [advocate.first_name, advocate.last_name].filter(Boolean).join(' ') : '';
  return {
    advocateEmail: advocate?.email ?? null,
    subject: fromMerchant ? request.subject : undefined,
    advocateName: (fromMerchant ? request.advocate_name || knownName : knownName) || undefined,
    message: request.body,
  };
}
