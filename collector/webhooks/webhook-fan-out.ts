import type { Kysely } from 'kysely';
import type { Site, WebhookEndpoint, WebhookSubscription } from '../config/site-config.schema';
import type { Database } from '../store/tables';
import { insertOutboxMessage } from '../store/outbox.repository';

/** Every web hook type Vouch sends, by the subscription that receives it. */
const SUBSCRIPTION_OF_TYPE: Record<string, WebhookSubscription> = {
  'referral.approved': 'referral',
  'referral.unblocked': 'referral',
  'reward.issued': 'reward',
  'reward.reversed': 'reward',
  'referral.created': 'referral.created',
  'referral.blocked': 'referral.blocked',
  'referral.voided': 'referral.voided',
  // Asks the shop to create a pool's code (Talkable's Create Coupon web hook).
  'coupon.create': 'create_coupon',
  // Asks the shop whether an invite's recipient unsubscribed there (Talkable's Check Unsubscribe), before the mail goes.
  'check_unsubscribe': 'check_unsubscribe',
};

/** The site's endpoints that subscribed to a web hook type. */
export function endpointsFor(site: Site, type: string): WebhookEndpoint[] {
  const subscription = SUBSCRIPTION_OF_TYPE[type];
  if (!subscription) throw new Error(`unknown web hook type ${type}`);
  return site.webhook_endpoints.filter((endpoint) => endpoint.events.includes(subscription));
}

/**
 * Writes one outbox message per endpoint subscribed to the payload's `type`, in the caller's
 * transaction, so the change and its notifications commit together; each message carries its
 * endpoint, so one endpoint that is down holds up only its own. Answers the message ids
 * (each a `webhook-id`); none when no endpoint subscribed.
 */
export async function enqueueWebhook(
  db: Kysely<Database>,
  site: Site,
  payload: { type: string },
  subjectId: string,
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  const body = JSON.stringify(payload);
  for (const endpoint of endpointsFor(site, payload.type)) {
    ids.push(
      await insertOutboxMessage(db, { site_id: site.id, kind: 'webhook', event_type: payload.type, subject_id: subjectId, payload: body, endpoint_url: endpoint.url }, now),
    );
  }
  return ids;
}
