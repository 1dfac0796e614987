import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_IN_BYTES } from '../../collector/app';
import { purchase, startCollector, type JsonResponse, type TestCollector } from '../support/collector';
import { makeReferral, setStatus } from '../support/referrals';
import { basicAuth, buy, CONSUMER, postRecord } from '../support/reverb';

let collector: TestCollector;
let offerCode: string;
let records: { advocate: Awaited<ReturnType<typeof buy>>; friend: Awaited<ReturnType<typeof buy>>; campaignUuid: string };

beforeAll(async () => {
  collector = await startCollector({
    site: { ...CONSUMER, approval: { mode: 'manual' }, email_limits: { recipients_per_advocate_per_day: 1 } },
    // Each case that needs its own address says so in X-Forwarded-For: the others are not limited by it.
    trustProxy: true,
    publicRateLimits: { perIpPerMinute: 2 },
  });
  const referral = await makeReferral(collector);
  offerCode = referral.advocateOffer.short_url_code;
  expect((await setStatus(collector, referral.originSlug, 'approved')).status).toBe(200);
  const advocate = await buy(collector, 'cy@example.com', 'R-1');
  const friend = await buy(collector, 'di@example.com', 'R-2');
  records = { advocate, friend, campaignUuid: collector.running.services.sites.bySlug(collector.siteSlug)!.id };
});
afterAll(() => collector.cleanup());

const secret = () => ({ api_key: collector.apiKey, site_slug: collector.siteSlug });
const from = (address: string) => ({ 'x-forwarded-for': address });

/** Talkable-shaped refusals: what is sent, the status, the code the body must carry. */
const TALKABLE_CASES: [string, () => Promise<JsonResponse>, number, string][] = [
  ['a missing field', () => collector.post('/api/v2/origins', { ...secret(), data: {} }), 400, 'missing_field'],
  ['a bad field', () => collector.post('/api/v2/origins', purchase(collector, { email: 'not an address', order_number: 'X-1', subtotal: 1 })), 422, 'invalid_field'],
  ['a body that is not JSON', () => collector.post('/api/v2/origins', '{"site_slug":'), 400, 'invalid_body'],
  ['a wrong secret key', () => collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&api_key=wrong`), 401, 'unauthorized'],
  ['an unknown offer', () => collector.get(`/api/v2/offers/NOSUCHCODE?site_slug=${collector.siteSlug}`, from('203.0.113.1')), 404, 'not_found'],
  ['an unknown endpoint', () => collector.get('/api/v2/nothing-here'), 404, 'not_found'],
  ['a page on a host the site does not allow', () => collector.get(`/api/v2/offers/${offerCode}?site_slug=${collector.siteSlug}`, { origin: 'https://evil.example', ...from('203.0.113.2') }), 403, 'origin_not_allowed'],
  ['an approved referral asked to become voided', () => setStatus(collector, 'F-1', 'voided'), 409, 'illegal_transition'],
  ['recipients with no valid address', () => collector.post(`/api/v2/offers/${offerCode}/shares/email`, { ...secret(), recipients: 'nobody' }), 422, 'recipients_invalid'],
  ['a body over the size limit', () => collector.post('/api/v2/origins', { ...secret(), pad: 'x'.repeat(MAX_BODY_IN_BYTES) }), 413, 'body_too_large'],
];

/** Reverb-shaped refusals under /api/v1. */
const REVERB_CASES: [string, () => Promise<JsonResponse>, number, string][] = [
  ['no consumer credentials', () => collector.get(`/api/v1/referrals/${records.advocate.customerUuid}`), 401, 'unauthorized'],
  ['an unknown uuid', () => collector.get('/api/v1/referrals/00000000-0000-7000-8000-000000000000', basicAuth()), 404, 'not_found'],
  ['a bad field', () => postRecord(collector, record({ reward_action_type: 9 })), 422, 'invalid_field'],
  ['a record naming a customer of no site', () => postRecord(collector, record({ referred_customer_uuid: '00000000-0000-7000-8000-000000000000' })), 422, 'record_invalid'],
  ['a body over the size limit', () => collector.post('/api/v1/referrals', { pad: 'x'.repeat(MAX_BODY_IN_BYTES) }, basicAuth()), 413, 'body_too_large'],
];

function record(extra: Record<string, unknown> = {}) {
  return {
    campaign_uuid: records.campaignUuid,
    referrer_advocate_uuid: records.advocate.customerUuid,
    referred_customer_uuid: records.friend.customerUuid,
    referred_order_uuid: records.friend.orderUuid,
    reward_action_type: 1,
    ...extra,
  };
}

describe('every refusal carries a stable code', () => {
  it.each(TALKABLE_CASES)('Talkable envelope: %s', async (_name, send, status, code) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ ok: false, error_message: expect.any(String), code });
    expect(answer.body.errors.length).toBeGreaterThan(0);
  });

  it.each(REVERB_CASES)('Reverb envelope: %s', async (_name, send, status, code) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    // Reverb's own code stays the HTTP status as a string; the reason is beside it.
    expect(answer.body.response).toMatchObject({ code: String(status), message: expect.any(String), error_code: code });
  });

  it('a record for an order that already has one is a 409 record_conflict in the Reverb envelope', async () => {
    expect((await postRecord(collector, record())).status).toBe(200);
    const again = await postRecord(collector, record());
    expect(again.status).toBe(409);
    expect(again.body.response).toMatchObject({ code: '409', error_code: 'record_conflict' });
  });

  it('a caller over its rate limit gets 429 rate_limited with Retry-After', async () => {
    const call = () => collector.get(`/api/v2/offers/${offerCode}?site_slug=${collector.siteSlug}`, from('203.0.113.50'));
    const statuses = [(await call()).status, (await call()).status];
    const limited = await call();
    expect(statuses).toEqual([200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('an advocate over the daily invite limit gets 429 invite_limit with Retry-After', async () => {
    const share = (to: string) => collector.post(`/api/v2/offers/${offerCode}/shares/email`, { ...secret(), recipients: to });
    expect((await share('eve@example.com')).status).toBe(201);
    const refused = await share('fay@example.com');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'invite_limit', errors: [{ field: 'rate_limit', message: 'at most 1 invites per advocate per day' }] });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
