import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { loadReferralDetails } from '../store/referral.repository';
import type { Database, ReferralRow } from '../store/tables';
import { enqueueWebhook } from './webhook-fan-out';
import { referralWebhookPayload } from './webhook-payload';

/**
 * Writes the Referral web hook for a referral that just became approved or unblocked, in the
 * caller's transaction: the change, its event and its notification commit together or not at all.
 * The event is recorded even when no endpoint subscribed to "referral" (then no message is
 * written). Answers the first message id (a `webhook-id`), or null.
 */
export async function enqueueReferralWebhook(db: Kysely<Database>, site: Site, referral: ReferralRow, now: Date): Promise<string | null> {
  const payload = referralWebhookPayload(site, await loadReferralDetails(db, referral));
  const ids = await enqueueWebhook(db, site, payload, referral.id, now);
  return ids[0] ?? null;
}
