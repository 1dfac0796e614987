import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';

let collector: TestCollector;
afterEach(() => collector.cleanup());

describe('rate limits on calls without the secret key', () => {
  it('answers 429 with Retry-After once an IP passes its limit, and never limits the secret-key API', async () => {
    collector = await startCollector({ publicRateLimits: { perIpPerMinute: 5, perSitePerMinute: 1000 } });
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const code = created.body.result.offer.short_url_code;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await collector.post(`/api/v2/offers/${code}/shares/social`, { site_slug: collector.siteSlug, channel: 'sms' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body.errors[0].field).toBe('rate_limit');

    for (let i = 0; i < 10; i++) {
      const secret = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
      expect(secret.status).toBe(200);
    }
  });

  it('limits claim clicks with a friendly 429 page', async () => {
    collector = await startCollector({ publicRateLimits: { perIpPerMinute: 2, perSitePerMinute: 1000 } });
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const url = created.body.result.offer.claim_url.replace(/^http:\/\/localhost:\d+/, collector.url);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url, { redirect: 'manual' })).status);
    expect(statuses).toEqual([302, 302, 429]);
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toContain('Slow down');
  });
});
