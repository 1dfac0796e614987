import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { loadReferralDetails } from '../store/referral.repository';
import type { Database, ReferralRow } from '../store/tables';
import { insertOutboxMessage } from '../store/outbox.repository';
import { referralWebhookPayload } from './webhook-payload';

/**
 * Writes the Referral web hook for a referral that just became approved or unblocked, in the
 * caller's transaction: the change and its notification commit together or not at all. A site
 * without webhook_url gets none. Answers the message id (the `webhook-id`).
 */
export async function enqueueReferralWebhook(db: Kysely<Database>, site: Site, referral: ReferralRow, now: Date): Promise<string | null> {
  if (!site.webhook_url) return null;
  const payload = referralWebhookPayload(site, await loadReferralDetails(db, referral));
  return insertOutboxMessage(
    db,
    { site_id: site.id, kind: 'webhook', event_type: payload.type, subject_id: referral.id, payload: JSON.stringify(payload) },
    now,
  );
}
