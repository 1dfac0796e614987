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
});
