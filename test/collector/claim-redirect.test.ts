import { describe, expect } from 'vitest';
import { isAllowedHost } from '../../collector/config/host-allow-list';
import { followClaimLink } from '../support/claim-link';
import { purchase } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';

/** One advocate's claim link, on a collector whose destination carries its own query parameter. */
const it = collectorTest({ destinationUrl: 'https://shop.example/welcome?utm_source=vouch' }).extend('claimUrl', { scope: 'file' }, async ({ collector }) => {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
  return advocate.body.result.offer.claim_url as string;
});

/** Where the claim link sends a friend who asked for the page `to`. */
async function locationFor(claimUrl: string, to: string): Promise<URL> {
  return (await followClaimLink(`${claimUrl}?to=${encodeURIComponent(to)}`)).landingUrl;
}

describe('claim redirect allow-list', () => {
  it('appends the visitor uuid to the destination, keeping its own parameters', async ({ claimUrl }) => {
    const location = (await followClaimLink(claimUrl)).landingUrl;
    expect(location.origin + location.pathname).toBe('https://shop.example/welcome');
    expect(location.searchParams.get('utm_source')).toBe('vouch');
    expect(location.searchParams.get('vouch_uuid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('follows a deep link to a path or an allowed host', async ({ claimUrl }) => {
    expect((await locationFor(claimUrl, '/products/socks')).href).toMatch(/^https:\/\/shop\.example\/products\/socks\?vouch_uuid=/);
    expect((await locationFor(claimUrl, 'https://blog.shop.example/post')).host).toBe('blog.shop.example');
  });

  const tricks = [
    '//evil.example',
    '///evil.example',
    'https://evil.example',
    'HTTPS://EVIL.EXAMPLE/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '%2F%2Fevil.example',
    'https:%2F%2Fevil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%5Cevil.example',
    'https://shop.example@evil.example',
    'https://shop.example:443@evil.example',
    'https://evil.example?.shop.example',
    'https://evil.example#.shop.example',
    'https://evilshop.example',
    'https://shop.example.evil.example',
    'https://xn--shp-5qa.example',
    'https://ѕhop.example',
    '\t//evil.example',
    'https://evil.example\\.shop.example',
    'ftp://shop.example',
  ];
  for (const trick of tricks) {
    it(`never leaves the shop for ${JSON.stringify(trick)}`, async ({ claimUrl }) => {
      const location = await locationFor(claimUrl, trick);
      expect(location.protocol).toBe('https:');
      expect(['shop.example', 'blog.shop.example']).toContain(location.hostname);
      expect(location.username).toBe('');
      expect(location.pathname).not.toMatch(/^\/\//);
      expect(location.searchParams.get('vouch_uuid')).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  // Paths that parse, or that a shop decoding its path once would read, as "//evil.test":
  // the friend lands on the site's own destination instead.
  const pathTricks = [
    '/..//evil.test',
    '/.//evil.test',
    '/a/../..//evil.test',
    '/%2e%2e//evil.test',
    '/%2E/%2Fevil.test',
    '/%2F%2Fevil.test',
    '/%2f/evil.test',
    '/..%2F%2Fevil.test',
    '/%5C%5Cevil.test',
    '/\t/evil.test',
    '/\n/evil.test',
    '/%252F%252Fevil.test',
    'https://shop.example//evil.test',
    'https://shop.example/.//evil.test',
  ];
  for (const trick of pathTricks) {
    it(`falls back to the destination for the path trick ${JSON.stringify(trick)}`, async ({ claimUrl }) => {
      const location = await locationFor(claimUrl, trick);
      expect(location.origin + location.pathname).toBe('https://shop.example/welcome');
      expect(location.searchParams.get('vouch_uuid')).toMatch(/^[0-9a-f-]{36}$/);
    });
  }

  it('keeps a harmless path that only looks odd', async ({ claimUrl }) => {
    expect((await locationFor(claimUrl, '/products/a..b')).pathname).toBe('/products/a..b');
    expect((await locationFor(claimUrl, '/search/%2Fdocs')).pathname).toBe('/search/%2Fdocs');
  });

  it('always adds the visitor uuid to a requested page: placeholders are filled only in the configured destination', async ({ claimUrl }) => {
    for (const to of ['/products/socks?ref={{visitor_uuid}}', '/{{visitor_uuid}}', 'https://blog.shop.example/?u={{visitor_uuid}}&c={{coupon_code}}']) {
      const location = await locationFor(claimUrl, to);
      expect(location.searchParams.get('vouch_uuid'), to).toMatch(/^[0-9a-f-]{36}$/);
      // The placeholder is left as the text it is, not filled with the uuid.
      expect(decodeURIComponent(location.href).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g), to).toHaveLength(1);
      expect(decodeURIComponent(location.href), to).toContain('{{visitor_uuid}}');
    }
  });

  it('judges hosts as the browser would parse them', () => {
    const allowed = ['shop.example', '*.shop.example'];
    expect(isAllowedHost(new URL('https://SHOP.example/x'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('https://a.b.shop.example/'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('https://shop.example.evil.example/'), allowed)).toBe(false);
    expect(isAllowedHost(new URL('https://user@shop.example/'), allowed)).toBe(false);
    expect(isAllowedHost(new URL('javascript:alert(1)'), allowed)).toBe(false);
    expect(isAllowedHost(new URL('https://bücher.example/'), ['bücher.example'])).toBe(true);
    expect(isAllowedHost(new URL('http://localhost:3001/'), ['localhost:3001'])).toBe(true);
    expect(isAllowedHost(new URL('http://localhost:3002/'), ['localhost:3001'])).toBe(false);
  });
});
