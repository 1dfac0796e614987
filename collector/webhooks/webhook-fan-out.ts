import type { Kysely } from 'kysely';
import type { Site, WebhookEndpoint, WebhookSubscription } from '../config/site-config.schema';
import type { Database } from '../store/tables';
import { insertEvent } from '../store/event.repository';
import { insertOutboxMessage } from '../store/outbox.repository';

/** Every web hook type Vouch sends, by the subscription that receives it. */
const SUBSCRIPTION_OF_TYPE: Record<string, WebhookSubscription> = {
  'referral.approved': 'referral',
  'referral.unblocked': 'referral',
  'reward.issued': 'reward',
  'reward.reduced': 'reward',
  'reward.reversed': 'reward',
  'referral.created': 'referral.created',
  'referral.flagged': 'referral.flagged',
  'referral.blocked': 'referral.blocked',
  'referral.voided': 'referral.voided',
  'share.created': 'post_share',
  'event.created': 'event',
  unsubscribe: 'unsubscribe',
  // Asks the shop to create a pool's code (Talkable's Create Coupon web hook).
  'coupon.create': 'create_coupon',
  // Asks the shop whether an invite's recipient unsubscribed there (Talkable's Check Unsubscribe), before the mail goes.
  'check_unsubscribe': 'check_unsubscribe',
};

/** Every web hook type Vouch sends. */
export const WEBHOOK_TYPES = Object.keys(SUBSCRIPTION_OF_TYPE);

/**
 * Talkable's name of each subscription's web hook: the form format's `type` parameter, so a
 * receiver written for Talkable tells them apart as it did. The lifecycle types carry the
 * Referral web hook's payload, so they go by its name.
 */
const TALKABLE_TYPE_OF_SUBSCRIPTION: Record<WebhookSubscription, string> = {
  referral: 'referral_web_hook',
  'referral.created': 'referral_web_hook',
  'referral.flagged': 'referral_web_hook',
  'referral.blocked': 'referral_web_hook',
  'referral.voided': 'referral_web_hook',
  reward: 'reward_web_hook',
  post_share: 'post_share_web_hook',
  event: 'event_web_hook',
  unsubscribe: 'unsubscribe_web_hook',
  create_coupon: 'create_coupon_web_hook',
  check_unsubscribe: 'check_unsubscribe_web_hook',
};

/** The subscription that receives a web hook type. */
export function subscriptionOf(type: string): WebhookSubscription {
  const subscription = SUBSCRIPTION_OF_TYPE[type];
  if (!subscription) throw new Error(`unknown web hook type ${type}`);
  return subscription;
}

/** Talkable's `type` parameter for a Vouch web hook type ("reward.issued" → "reward_web_hook"). */
export function talkableTypeOf(type: string): string {
  return TALKABLE_TYPE_OF_SUBSCRIPTION[subscriptionOf(type)];
}

/** The web hook types an endpoint receives, through the subscriptions it lists. */
export function typesOf(endpoint: WebhookEndpoint): string[] {
  return WEBHOOK_TYPES.filter((type) => endpoint.events.includes(subscriptionOf(type)));
}

/** The site's endpoints that subscribed to a web hook type. */
export function endpointsFor(site: Site, type: string): WebhookEndpoint[] {
  const subscription = subscriptionOf(type);
  return site.webhook_endpoints.filter((endpoint) => endpoint.events.includes(subscription));
}

/**
 * Records an event and its web hooks, in the caller's transaction, so the change, the event log
 * and the notifications commit together: first the event (always, whether or not an endpoint
 * subscribed: the event log keeps it for a merchant who polls), then one outbox message per
 * endpoint subscribed to the payload's `type`, each pointing at the event. Each message carries
 * its endpoint, so one endpoint that is down holds up only its own; its body is the payload with
 * the event's id added last (`event_id`), the same for every endpoint, while each message keeps a
 * `webhook-id` of its own. Answers the message ids; none when no endpoint subscribed.
 */
export async function enqueueWebhook(
  db: Kysely<Database>,
  site: Site,
  payload: { type: string },
  subjectId: string,
  now: Date,
): Promise<string[]> {
  const endpoints = endpointsFor(site, payload.type);
  const eventId = await insertEvent(db, { site_id: site.id, type: payload.type, subject_id: subjectId, payload: JSON.stringify(payload) }, now);
  const body = JSON.stringify({ ...payload, event_id: eventId });
  const ids: string[] = [];
  for (const endpoint of endpoints) {
    ids.push(
      await insertOutboxMessage(
        db,
        { site_id: site.id, kind: 'webhook', event_type: payload.type, subject_id: subjectId, payload: body, endpoint_url: endpoint.url, event_id: eventId },
        now,
      ),
    );
  }
  return ids;
}
