import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { readEnvironment } from '../../collector/config/environment';
import { unsubscribeUrl } from '../../collector/mail/invite-mail';
import { purchase, type TestCollector } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';
import { consoleBrowser } from '../support/console-client';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };

// Mounted under the shop's own origin, as the README's nginx configuration does it: the proxy
// passes /refer/… through unchanged, so these requests carry the prefix as a browser's would.
const it = collectorTest({ publicUrl: 'https://shop.example/refer', destinationUrl: 'https://shop.example/welcome', admin: OWNER });

/** The offer of a fresh purchase (links made from PUBLIC_URL). */
async function offerOf(collector: TestCollector, email: string) {
  const created = await collector.post('/refer/api/v2/origins', purchase(collector, { email, order_number: `O-${email}`, subtotal: 30 }));
  expect(created.status).toBe(201);
  return created.body.result.offer as { claim_url: string; show_url: string; short_url_code: string };
}

/** The path and query of a public link, to send to the collector's own port as the proxy does. */
const behindProxy = (link: string) => new URL(link).pathname + new URL(link).search;

describe('a collector mounted under a path of the shop’s origin (PUBLIC_URL https://shop.example/refer)', () => {
  it('answers its routes below the prefix, and still without it (health checks on its own port)', async ({ collector }) => {
    expect((await collector.get('/refer/healthz')).status).toBe(200);
    expect((await collector.get('/healthz')).status).toBe(200);
    // Only a whole path segment is the prefix.
    expect((await collector.get('/referhealthz')).status).toBe(404);
  });

  it('makes every link below the prefix', async ({ collector }) => {
    const offer = await offerOf(collector, 'ann@example.com');
    expect(offer.claim_url).toMatch(/^https:\/\/shop\.example\/refer\/x\/[A-Za-z0-9]+$/);
    expect(offer.show_url).toMatch(new RegExp(`^https://shop\\.example/refer/o/${offer.short_url_code}\\?share_key=`));
    const page = await fetch(`${collector.url}${behindProxy(offer.show_url)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('src="/refer/widget/loader.js" data-site="test-shop"');
    const loader = await fetch(`${collector.url}/refer/widget/loader.js`);
    expect(loader.status).toBe(200);
  });

  it('sets the shop’s own vouch_uuid cookie on the claim, readable by its pages, and knows the visitor again', async ({ collector }) => {
    const offer = await offerOf(collector, 'bea@example.com');
    const first = await fetch(`${collector.url}${behindProxy(offer.claim_url)}`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    const landing = new URL(first.headers.get('location')!);
    expect(landing.origin + landing.pathname).toBe('https://shop.example/welcome');
    const uuid = landing.searchParams.get('vouch_uuid')!;
    const cookies = first.headers.getSetCookie();
    const shopCookie = cookies.find((cookie) => cookie.startsWith('vouch_uuid='))!;
    // The plain uuid for every page of the shop, set by the server, and not HttpOnly: the widget reads it.
    expect(shopCookie).toMatch(new RegExp(`^vouch_uuid=${uuid}; Max-Age=31536000; Path=/; Secure; SameSite=Lax$`));
    const tagged = cookies.find((cookie) => cookie.startsWith('vouch_visitor='))!;
    expect(tagged).toContain('Path=/refer/x');
    expect(tagged).toContain('HttpOnly');

    // The browser sends back both; the tagged one makes the second click the same visitor.
    const jar = [shopCookie, tagged].map((cookie) => cookie.split(';')[0]).join('; ');
    const again = await fetch(`${collector.url}${behindProxy(offer.claim_url)}`, { redirect: 'manual', headers: { cookie: jar } });
    expect(new URL(again.headers.get('location')!).searchParams.get('vouch_uuid')).toBe(uuid);
    // The plain uuid alone, which any page script can write, is not the same visitor.
    const copied = await fetch(`${collector.url}${behindProxy(offer.claim_url)}`, { redirect: 'manual', headers: { cookie: `vouch_uuid=${uuid}` } });
    expect(new URL(copied.headers.get('location')!).searchParams.get('vouch_uuid')).not.toBe(uuid);
  });

  it('keeps its own HttpOnly cookie when the friend lands on another host', async ({ collector }) => {
    const offer = await offerOf(collector, 'cy@example.com');
    const response = await fetch(`${collector.url}${behindProxy(offer.claim_url)}?to=${encodeURIComponent('https://www.shop.example/sale')}`, { redirect: 'manual' });
    expect(new URL(response.headers.get('location')!).host).toBe('www.shop.example');
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^vouch_uuid=[0-9a-f-]{36}\.[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('serves the console below the prefix: its files, its API and its session cookie', async ({ collector }) => {
    const page = await fetch(`${collector.url}/refer/console/review`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<meta name="vouch-console-base" content="/refer/console" />');
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/refer\/console\/assets\//);
      expect((await fetch(`${collector.url}${asset}`)).status, asset).toBe(200);
    }

    const browser = consoleBrowser(collector, 'https://shop.example');
    const signedIn = await browser.call('POST', '/refer/console/api/session', OWNER);
    expect(signedIn.status).toBe(200);
    expect(browser.setCookie).toContain('Path=/refer/console');
    expect((await browser.call('GET', '/refer/console/api/session')).status).toBe(200);
  });

  it('makes unsubscribe links below the prefix, and their page posts back there', async ({ collector }) => {
    const site = collector.running.services.sites.bySlug(collector.siteSlug)!;
    const link = unsubscribeUrl(collector.running.services.publicUrl, site, 'dee@example.com');
    expect(link.startsWith('https://shop.example/refer/u/test-shop/')).toBe(true);
    const page = await fetch(`${collector.url}${behindProxy(link)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<form method="post" action="${new URL(link).pathname}">`);
  });

  it('the README shows the nginx configuration the same-origin browser suite runs, word for word', () => {
    const config = readFileSync(join(import.meta.dirname, '../../collector/deploy/nginx-same-origin.conf'), 'utf8');
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain('```nginx\n' + config + '```');
  });

  it('refuses a PUBLIC_URL with a query or fragment, naming it', () => {
    expect(() => readEnvironment({ PUBLIC_URL: 'https://shop.example/refer?x=1' })).toThrow(/PUBLIC_URL: must have no query or fragment/);
  });
});
