import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findPersonByIdentity, identityKey } from '../store/person.repository';
import { countReferralsOfAdvocate } from '../store/referral.repository';
import type { Database, PersonRow } from '../store/tables';
import { personView, type ReferralCounts } from './talkable-views';
import { enqueueWebhook } from './webhook-fan-out';

/**
 * How the address asked for no more invites: the page's button, a mail client's one-click
 * unsubscribe (RFC 8058), or the merchant's server (the people API's unsubscribe, or a PUT with
 * unsubscribed: true).
 */
export type UnsubscribeVia = 'unsubscribe_link' | 'list_unsubscribe' | 'api';

const NO_REFERRALS: ReferralCounts = { total: 0, approved: 0, pending: 0 };

/**
 * The Unsubscribe web hook payload, key for key as Talkable's: person (names when the address
 * is a customer of the site, null when it is only an invited friend), with `unsubscribed_at` set.
 * Vouch adds `via` (how the address unsubscribed) and `type`: "unsubscribe".
 */
export function unsubscribeWebhookPayload(email: string, person: PersonRow | undefined, referralCounts: ReferralCounts, via: UnsubscribeVia, now: Date) {
  const known = person ?? { first_name: null, last_name: null, email };
  return {
    person: { ...personView(known, referralCounts), unsubscribed_at: now.toISOString(), sub_choice: false },
    via,
    type: 'unsubscribe' as const,
  };
}

/**
 * Records an address just put on the site's suppression list in the event log (\`unsubscribe\`), in
 * the caller's transaction, and its Unsubscribe web hook for the endpoints subscribed to
 * "unsubscribe". Answers the message ids.
 */
export async function enqueueUnsubscribeWebhook(db: Kysely<Database>, site: Site, email: string, via: UnsubscribeVia, subjectId: string, now: Date): Promise<string[]> {
  const person = await findPersonByIdentity(db, site.id, identityKey({ email, customer_id: null }));
  const counts = person ? await countReferralsOfAdvocate(db, person) : NO_REFERRALS;
  return enqueueWebhook(db, site, unsubscribeWebhookPayload(email, person, counts, via, now), subjectId, now);
}
