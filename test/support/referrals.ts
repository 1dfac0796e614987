import { expect } from 'vitest';
import { followClaimLink } from './claim-link';
import { purchase, type TestCollector } from './collector';

/** A fresh Standard Webhooks secret for tests (32 random-looking bytes, fixed so failures reproduce). */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('vouch-test-webhook-secret-32-bytes!').toString('base64')}`;

/** The site keys that send web hooks to a local receiver. */
export function webhookSite(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { webhook_url: url, webhook_secret: TEST_WEBHOOK_SECRET, allow_private_webhook_hosts: true, approval: { mode: 'manual' }, ...extra };
}

/** Short outbox timings so retries happen within a test. */
export const FAST_OUTBOX = { pollIntervalInMs: 50, firstRetryInMs: 200, backoffFactor: 2, jitter: 0 };

/**
 * The whole referral path: an advocate's purchase, a friend following the advocate's link, and
 * the friend's purchase. Answers the advocate's offer and the friend's answer (with the referral).
 */
export async function makeReferral(
  collector: TestCollector,
  options: { advocate?: string; friend?: string; order?: string; subtotal?: number; friendData?: Record<string, unknown> } = {},
) {
  const advocateEmail = options.advocate ?? 'ann@example.com';
  const advocate = await collector.post(
    '/api/v2/origins',
    purchase(collector, { email: advocateEmail, order_number: `ADV-${advocateEmail}`, subtotal: 40, first_name: 'Ann', last_name: 'Advocate' }),
  );
  const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
  const order = options.order ?? 'F-1';
  const friend = await collector.post(
    '/api/v2/origins',
    purchase(collector, { email: options.friend ?? 'bob@example.com', order_number: order, subtotal: options.subtotal ?? 25, uuid, first_name: 'Bob', ...options.friendData }),
  );
  expect(friend.status).toBe(201);
  return { advocateOffer: advocate.body.result.offer, friend: friend.body.result, referral: friend.body.result.referral, originSlug: order, uuid };
}

/** PUTs a referral status the way a merchant's server does (Talkable's body). */
export function setStatus(collector: TestCollector, originSlug: string, status: string) {
  return collector.put(`/api/v2/origins/${encodeURIComponent(originSlug)}/referral`, {
    api_key: collector.apiKey,
    site_slug: collector.siteSlug,
    data: { status },
  });
}
