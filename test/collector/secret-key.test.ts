import { describe, expect } from 'vitest';
import { collectorTest } from '../support/collector-fixture';

const it = collectorTest();

const event = (siteSlug: string, extra: Record<string, unknown> = {}) => ({
  site_slug: siteSlug,
  type: 'Event',
  data: { email: 'ann@example.com', event_category: 'signup', event_number: Math.random().toString(36).slice(2) },
  ...extra,
});

describe('secret api_key', () => {
  it('is accepted in the body, the query, as Basic user name and as a Bearer token', async ({ collector }) => {
    const basic = `Basic ${Buffer.from(`${collector.apiKey}:`).toString('base64')}`;
    expect((await collector.post('/api/v2/origins', event(collector.siteSlug, { api_key: collector.apiKey }))).status).toBe(201);
    expect((await collector.post(`/api/v2/origins?api_key=${collector.apiKey}`, event(collector.siteSlug))).status).toBe(201);
    expect((await collector.post('/api/v2/origins', event(collector.siteSlug), { authorization: basic })).status).toBe(201);
    expect((await collector.post('/api/v2/origins', event(collector.siteSlug), { authorization: `Bearer ${collector.apiKey}` })).status).toBe(201);
  });

  it('answers a wrong key and an unknown site with the same 401', async ({ collector }) => {
    const wrongKey = await collector.post('/api/v2/origins', event(collector.siteSlug, { api_key: 'sk_wrong_wrong_wrong' }));
    const unknownSite = await collector.post('/api/v2/origins', event('no-such-site', { api_key: 'sk_wrong_wrong_wrong' }));
    expect(wrongKey.status).toBe(401);
    expect(unknownSite.status).toBe(401);
    expect(unknownSite.body).toEqual(wrongKey.body);
  });

  it('is required for an Event (only Purchase and AffiliateMember can come from the browser)', async ({ collector }) => {
    const response = await collector.post('/api/v2/origins', event(collector.siteSlug));
    expect(response.status).toBe(401);
  });

  it('is not needed by the widget for a Purchase, which is then unverified', async ({ collector }) => {
    const response = await collector.post('/api/v2/origins', {
      site_slug: collector.siteSlug,
      type: 'Purchase',
      data: { email: 'ann@example.com', order_number: 'W-1', subtotal: 5 },
    });
    expect(response.status).toBe(201);
    expect(response.body.result.origin.verified).toBe(false);
    expect(response.body.result.origin.email).toBeUndefined();
    expect(response.body.result.offer.email).toBeUndefined();
  });

  it('is checked before the input: a caller without the right key learns nothing from validation errors', async ({ collector }) => {
    const badBody = { site_slug: collector.siteSlug, data: { status: 'nonsense' } };
    const badPath = '/api/v2/referrals/not-a-uuid';
    for (const key of [undefined, 'sk_wrong_wrong_wrong']) {
      const refused = await collector.put(badPath, { ...badBody, ...(key ? { api_key: key } : {}) });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('unauthorized');
    }
    // The same request with the key is told what is wrong, the path parameter first.
    const withKey = await collector.put(badPath, { ...badBody, api_key: collector.apiKey });
    expect(withKey.status).toBe(422);
    expect(withKey.body.errors[0]).toEqual({ field: 'referral_id', message: 'must be a uuid' });
    const unknown = await collector.put('/api/v2/referrals/01890000-0000-7000-8000-000000000000', { ...badBody, data: { status: 'approved' }, api_key: collector.apiKey });
    expect(unknown.status).toBe(404);
  });

  it('refuses a path parameter no offer can have, naming it, from a browser too', async ({ collector }) => {
    const response = await collector.get(`/api/v2/offers/${'x'.repeat(65)}?site_slug=${collector.siteSlug}`);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'invalid_field', errors: [{ field: 'id', message: 'must be an offer id or short_url_code' }] });
  });
});
