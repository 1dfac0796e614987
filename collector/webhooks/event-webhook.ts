import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { countReferralsOfAdvocate } from '../store/referral.repository';
import type { Database, OriginRow, PersonRow } from '../store/tables';
import { originView, personView, type ReferralCounts } from './talkable-views';
import { enqueueWebhook } from './webhook-fan-out';

/**
 * The Event web hook payload, key for key as Talkable's: origin (a Purchase's order_number or an
 * Event's event_category and event_number, with order_date) and person. Vouch adds `verified`:
 * true when the merchant's server reported the origin (secret key or a valid purchase signature),
 * false for a browser's report, which is only a claim. Then `type`: "event.created".
 */
export function eventWebhookPayload(origin: OriginRow, person: PersonRow, referralCounts: ReferralCounts, currency: string) {
  return {
    // Not Talkable's: the currency of origin.subtotal.
    origin: { ...originView(origin, person), order_date: origin.order_date, currency },
    person: personView(person, referralCounts),
    verified: origin.verified === 1,
    type: 'event.created' as const,
  };
}

/**
 * Records a Purchase or Event origin just recorded in the event log (\`event.created\`, as Talkable
 * calls it for both), in the caller's transaction, and its Event web hook for the endpoints
 * subscribed to "event". Answers the message ids.
 */
export async function enqueueEventWebhook(db: Kysely<Database>, site: Site, origin: OriginRow, person: PersonRow, now: Date): Promise<string[]> {
  if (origin.type === 'AffiliateMember') return [];
  const payload = eventWebhookPayload(origin, person, await countReferralsOfAdvocate(db, person), site.currency);
  return enqueueWebhook(db, site, payload, origin.id, now);
}
