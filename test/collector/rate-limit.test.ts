import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { ManualClock } from '../support/manual-clock';

/** Sends `count` calls, `concurrency` at a time, and returns their statuses in order. */
async function hammer(count: number, concurrency: number, call: (index: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      statuses[index] = await call(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

let collector: TestCollector;
afterEach(() => collector.cleanup());

describe('rate limits on calls without the secret key', () => {
  it('answers 429 with Retry-After once an IP passes its limit, and never limits the secret-key API', async () => {
    collector = await startCollector({ publicRateLimits: { perIpPerMinute: 5 } });
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
    collector = await startCollector({ publicRateLimits: { perIpPerMinute: 2 } });
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const url = created.body.result.offer.claim_url.replace(/^http:\/\/localhost:\d+/, collector.url);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url, { redirect: 'manual' })).status);
    expect(statuses).toEqual([302, 302, 429]);
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toContain('Slow down');
  });

  it('many addresses hammering a site lock out only themselves: an ordinary visitor still gets the widget and the claim link', { timeout: 90_000 }, async () => {
    // Behind a proxy, so that each X-Forwarded-For is another address; 50 calls per address and
    // minute (the default is 300: the same test, a sixth of the calls). The clock stands still, so
    // every call falls in one minute's window however long the calls take.
    const PER_ADDRESS = 50;
    collector = await startCollector({ trustProxy: true, clock: new ManualClock().now, publicRateLimits: { perIpPerMinute: PER_ADDRESS } });
    const running = collector;
    const created = await running.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const code = created.body.result.offer.short_url_code;
    const claimUrl = created.body.result.offer.claim_url.replace(/^http:\/\/localhost:\d+/, running.url);
    const widgetCall = async (address: string) =>
      (await fetch(`${running.url}/api/v2/offers/${code}?site_slug=${running.siteSlug}`, { headers: { 'x-forwarded-for': address } })).status;

    // 30 addresses each stay just under their own limit: 1,470 calls, 29 times what one address
    // may make; one more address goes over its own limit.
    const ADDRESSES = 30;
    const CALLS_EACH = PER_ADDRESS - 1;
    const flood = await hammer(ADDRESSES * CALLS_EACH, 16, (index) => widgetCall(`198.51.100.${index % ADDRESSES}`));
    expect(flood.filter((status) => status !== 200)).toEqual([]);
    const abuser = await hammer(PER_ADDRESS + 20, 8, () => widgetCall('203.0.113.66'));
    expect(abuser.filter((status) => status === 200)).toHaveLength(PER_ADDRESS);
    expect(abuser.filter((status) => status === 429)).toHaveLength(20);

    // A fresh visitor is served; the abusing address is told to wait.
    expect(await widgetCall('192.0.2.10')).toBe(200);
    const click = await fetch(claimUrl, { redirect: 'manual', headers: { 'x-forwarded-for': '192.0.2.10' } });
    expect(click.status).toBe(302);
    const refused = await fetch(`${running.url}/api/v2/offers/${code}?site_slug=${running.siteSlug}`, { headers: { 'x-forwarded-for': '203.0.113.66' } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const refusedClick = await fetch(claimUrl, { redirect: 'manual', headers: { 'x-forwarded-for': '203.0.113.66' } });
    expect(refusedClick.status).toBe(429);
    expect(Number(refusedClick.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts an IPv6 /64 as one address (one host holds a whole /64)', async () => {
    collector = await startCollector({ trustProxy: true, publicRateLimits: { perIpPerMinute: 3 } });
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const code = created.body.result.offer.short_url_code;
    const from = async (address: string) =>
      (await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`, { 'x-forwarded-for': address })).status;
    const sameNetwork = ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:0DB8:0001:0002:0:0:0:3', '[2001:db8:1:2::4]'];
    const statuses = [];
    for (const address of sameNetwork) statuses.push(await from(address));
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await from('2001:db8:1:3::1')).toBe(200);
    // An IPv4 address written as IPv6 is the IPv4 address: 3 calls, then one more is over.
    const mapped = [await from('192.0.2.7'), await from('::ffff:192.0.2.7'), await from('::ffff:c000:207'), await from('192.0.2.7')];
    expect(mapped).toEqual([200, 200, 200, 429]);
  });

  it('limits look-ups of unknown codes per address, so codes cannot be enumerated; a known code does not tell itself apart', async () => {
    collector = await startCollector({ trustProxy: true, publicRateLimits: { perIpPerMinute: 1000, missesPerIpPerMinute: 5 } });
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const claimUrl = created.body.result.offer.claim_url.replace(/^http:\/\/localhost:\d+/, collector.url);
    const click = (url: string, address: string) => fetch(url, { redirect: 'manual', headers: { 'x-forwarded-for': address } });

    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await click(`${collector.url}/x/Guess${i}abc`, '198.51.100.1')).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    const refused = await click(`${collector.url}/x/Guess9abc`, '198.51.100.1');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Slow down');
    // Over its miss limit, the guessing address learns nothing from a real code either.
    expect((await click(claimUrl, '198.51.100.1')).status).toBe(429);
    // Misses through the widget's API and the offer page count too.
    const api = await collector.get(`/api/v2/offers/NoSuchCode?site_slug=${collector.siteSlug}`, { 'x-forwarded-for': '198.51.100.1' });
    expect(api.status).toBe(429);
    expect(api.body.errors[0].field).toBe('rate_limit');
    expect((await click(`${collector.url}/o/NoSuchCode`, '198.51.100.1')).status).toBe(429);

    // Other addresses are not affected: a friend's click works, a mistyped code is a 404.
    expect((await click(claimUrl, '198.51.100.2')).status).toBe(302);
    expect((await click(`${collector.url}/x/Typo1234`, '198.51.100.2')).status).toBe(404);
  });

  it('counts misses on the widget API and the offer page against the same address', async () => {
    collector = await startCollector({ trustProxy: true, publicRateLimits: { perIpPerMinute: 1000, missesPerIpPerMinute: 4 } });
    const from = { 'x-forwarded-for': '198.51.100.7' };
    const statuses = [
      (await collector.get(`/api/v2/offers/NoSuch1?site_slug=${collector.siteSlug}`, from)).status,
      (await collector.post('/api/v2/offers/NoSuch2/shares/social', { site_slug: collector.siteSlug, channel: 'sms' }, from)).status,
      (await collector.get('/o/NoSuch3', from)).status,
      (await collector.get('/x/NoSuch4', from)).status,
      (await collector.get('/x/NoSuch5', from)).status,
    ];
    expect(statuses).toEqual([404, 404, 404, 404, 429]);
  });

  it('has a miss limit by default, tighter than the limit for calls', async () => {
    collector = await startCollector({ trustProxy: true });
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await collector.get(`/x/Guess${i}abc`, { 'x-forwarded-for': '198.51.100.3' })).status);
    expect(statuses.slice(0, 10)).toEqual(new Array(10).fill(404));
    expect(statuses.at(-1)).toBe(429);
  });
});
