import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { insertOutboxMessage } from '../store/outbox.repository';
import type { Database } from '../store/tables';
import { claimUrl } from '../contract/public-urls';
import { DEFAULT_INVITE_TEMPLATE, renderInvite } from './invite-template';
import { unsubscribeToken } from '../signing/unsubscribe-token';

/** The event type of an invite mail in the outbox. */
export const INVITE_MAIL_EVENT = 'email_share.invite';

/** An outbox message of kind "mail": the whole invite, rendered once so every attempt sends the same mail. */
export interface InviteMailPayload {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same on every attempt, so a mail server that got it twice can tell. */
  message_id: string;
  claim_url: string;
  unsubscribe_url: string;
}

/** What the advocate wrote, as the share carried it. */
export interface AdvocateWords {
  advocateName: string | null;
  subject: string | null;
  message: string | null;
}

/** The public address of an unsubscribe link (GET shows the page, POST unsubscribes). */
export function unsubscribeUrl(publicUrl: string, site: Site, email: string): string {
  return `${publicUrl}/u/${site.site_slug}/${unsubscribeToken(site.api_key, site.site_slug, email)}`;
}

/**
 * Writes one invite mail to the outbox, in the share's transaction: the share is acknowledged
 * only once its mails are stored, and a crash cannot lose one. Answers the message id.
 */
export async function enqueueInviteMail(
  db: Kysely<Database>,
  site: Site,
  publicUrl: string,
  invite: { email: string; claimCode: string; recipientId: string },
  words: AdvocateWords,
  now: Date,
): Promise<string> {
  const link = claimUrl(publicUrl, invite.claimCode);
  const unsubscribe = unsubscribeUrl(publicUrl, site, invite.email);
  const rendered = renderInvite({
    siteName: site.name ?? site.site_slug,
    friendReward: site.friend_reward.incentive_description,
    advocateName: words.advocateName,
    message: words.message,
    subject: words.subject,
    claimUrl: link,
    unsubscribeUrl: unsubscribe,
    template: { ...DEFAULT_INVITE_TEMPLATE, ...site.email_invite },
    brand: site.brand,
  });
  const payload: InviteMailPayload = {
    to: invite.email,
    ...rendered,
    message_id: `<invite-${invite.recipientId}@${new URL(publicUrl).hostname}>`,
    claim_url: link,
    unsubscribe_url: unsubscribe,
  };
  return insertOutboxMessage(
    db,
    { site_id: site.id, kind: 'mail', event_type: INVITE_MAIL_EVENT, subject_id: invite.recipientId, payload: JSON.stringify(payload) },
    now,
  );
}
