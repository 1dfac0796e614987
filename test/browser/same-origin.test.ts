/**
 * The README's same-origin deployment, for real: Debian's nginx terminates HTTPS (a self-signed
 * certificate made here with openssl) and serves the demo shop at / and the collector at /refer/
 * of one origin, with the very configuration the README shows (collector/deploy/). In Chromium,
 * at a desktop and a phone size: an advocate buys and gets a link under the shop's own origin, a
 * friend follows it and gets the shop's vouch_uuid cookie from the claim itself, buys, and the
 * merchant approves the referral in the console under /refer/console. Every request any page
 * makes stays on that origin: nothing is cross-origin, nothing for a blocker to list.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../collector/logger';
import { startDemo, type RunningDemo } from '../../demo/start-demo';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { accessibilityViolations } from '../support/console-page';
import { freePort, nginxSuitesRun, selfSignedCertificate, startNginx, type RunningNginx } from '../support/nginx';

const ARTIFACTS = join(import.meta.dirname, '../artifacts/same-origin');
const EXAMPLE_CONFIG = join(import.meta.dirname, '../../collector/deploy/nginx-same-origin.conf');

const SIZES: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

/** The example configuration with this machine's ports, certificate and upstreams in place of the README's. */
function exampleConfig(values: { httpsPort: number; httpPort: number; collector: string; shop: string; certificate: string; key: string }): string {
  const replacements: [string, string][] = [
    ['listen 443 ssl;', `listen 127.0.0.1:${values.httpsPort} ssl;`],
    ['listen 80;', `listen 127.0.0.1:${values.httpPort};`],
    ['server 127.0.0.1:3000;', `server ${values.collector};`],
    ['server 127.0.0.1:8080;', `server ${values.shop};`],
    ['/etc/ssl/certs/shop.example.pem', values.certificate],
    ['/etc/ssl/private/shop.example.key', values.key],
  ];
  let config = readFileSync(EXAMPLE_CONFIG, 'utf8');
  for (const [from, to] of replacements) {
    // The README's file must keep what is tested here: an edit that drops one fails loudly.
    expect(config, `the example configuration has "${from}"`).toContain(from);
    config = config.replaceAll(from, to);
  }
  return config;
}

/** A GET through nginx from Node, trusting the test's certificate, with the headers given. */
function getThroughProxy(url: string, certificate: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { ca: readFileSync(certificate), headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe.skipIf(!browserSuitesRun('same-origin') || !nginxSuitesRun('same-origin'))('the shop and the collector behind one nginx origin, over HTTPS', () => {
  let dir: string;
  let demo: RunningDemo;
  let nginx: RunningNginx;
  let browser: Browser;
  let origin: string;
  let certificate: string;
  let httpPort: number;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'vouch-same-origin-'));
    const httpsPort = await freePort();
    httpPort = await freePort();
    origin = `https://127.0.0.1:${httpsPort}`;
    mkdirSync(join(dir, 'data'));
    demo = await startDemo({
      collectorPort: 0,
      shopPort: 0,
      smtpPort: 0,
      dataDir: join(dir, 'data'),
      logger: silentLogger,
      hostname: '127.0.0.1',
      behindProxy: { shopUrl: origin, collectorUrl: `${origin}/refer` },
    });
    const tls = selfSignedCertificate(dir, '127.0.0.1');
    certificate = tls.certificate;
    const httpBlocks = exampleConfig({
      httpsPort,
      httpPort,
      collector: new URL(demo.collector.url).host,
      shop: new URL(demo.shopServerUrl).host,
      certificate: tls.certificate,
      key: tls.key,
    });
    nginx = await startNginx({ dir, httpBlocks, ports: [httpsPort, httpPort] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const size of SIZES) {
    it(`refers a friend end to end, every request on the shop's own origin, at ${size.name} size`, async () => {
      const problems: string[] = [];
      const elsewhere: string[] = [];
      const contexts: BrowserContext[] = [];
      const shot = (page: Page, step: string) => page.screenshot({ path: join(ARTIFACTS, `${size.name}-${step}.png`), fullPage: true });
      const open = async () => {
        // The certificate is the test's own: Chromium is told to accept it.
        const context = await browser.newContext({ ...size.options, ignoreHTTPSErrors: true, permissions: ['clipboard-read', 'clipboard-write'] });
        contexts.push(context);
        context.on('request', (sent) => {
          if (!/^(data|blob|about):/.test(sent.url()) && new URL(sent.url()).origin !== origin) elsewhere.push(`${sent.method()} ${sent.url()}`);
        });
        const page = await context.newPage();
        page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
        page.on('console', (message) => {
          if (/Content Security Policy|Refused to|CORS/i.test(message.text())) problems.push(`console: ${message.text()}`);
        });
        return { context, page };
      };
      const buy = async (page: Page, name: string, email: string, product: string) => {
        await page.goto(`${origin}/`);
        await page.locator('.card', { hasText: product }).getByRole('button', { name: 'Add to cart' }).click();
        await page.getByRole('link', { name: 'Checkout' }).click();
        await page.getByLabel('Full name').fill(name);
        await page.getByLabel('Email').fill(email);
        await page.getByRole('button', { name: 'Place order' }).click();
      };
      const advocateEmail = `ann.${size.name}@example.com`;
      const friendEmail = `bob.${size.name}@example.com`;

      // 1. The advocate buys; the widget comes from /refer/widget/ and its link is under /refer/x/.
      const advocate = await open();
      await buy(advocate.page, 'Ann Advocate', advocateEmail, 'Boston Fern');
      const widget = advocate.page.locator('vouch-widget');
      await expect.poll(() => widget.locator('h2').textContent({ timeout: 15_000 })).toBe('Give $10, get $10');
      expect(await advocate.page.locator('script[data-site]').getAttribute('src')).toBe(`${origin}/refer/widget/loader.js`);
      const link = await widget.locator('#vouch-link').inputValue();
      expect(link).toMatch(new RegExp(`^${origin}/refer/x/[A-Za-z0-9]{8}$`));
      await shot(advocate.page, '1-offer');

      // 2. The friend follows it: the claim itself sets the shop's vouch_uuid cookie, by HTTP,
      // readable by the shop's scripts (the widget), before any shop page has run.
      const friend = await open();
      await friend.page.goto(link);
      expect(await friend.page.locator('h1').textContent()).toContain('$10 off your first order');
      const coupon = await friend.page.locator('.coupon').textContent();
      await shot(friend.page, '2-claim');
      const cookies = await friend.context.cookies();
      const shopCookie = cookies.find((cookie) => cookie.name === 'vouch_uuid');
      expect(shopCookie).toMatchObject({ path: '/', httpOnly: false, secure: true, sameSite: 'Lax' });
      expect(shopCookie!.value).toMatch(/^[0-9a-f-]{36}$/);
      expect(cookies.find((cookie) => cookie.name === 'vouch_visitor')).toMatchObject({ path: '/refer/x', httpOnly: true, secure: true });
      expect(await friend.page.evaluate(() => document.cookie)).toContain(`vouch_uuid=${shopCookie!.value}`);

      await friend.page.getByRole('link', { name: /Continue to/ }).click();
      expect(new URL(friend.page.url()).searchParams.get('vouch_uuid')).toBe(shopCookie!.value);
      expect(await friend.page.locator('.banner').textContent()).toContain(coupon!);

      // 3. The friend buys with the coupon; the purchase names the claim's visitor.
      await buy(friend.page, 'Bob Friend', friendEmail, 'Monstera');
      expect(await friend.page.locator('main').textContent()).toContain('Friend discount applied');
      await expect.poll(() => friend.page.locator('vouch-widget h2').textContent({ timeout: 15_000 })).toBe('Give $10, get $10');
      await shot(friend.page, '3-friend-bought');

      // 4. The merchant signs in to the console under /refer/console and approves the referral.
      const merchant = await open();
      await merchant.page.goto(`${origin}/refer/console`);
      await merchant.page.getByLabel('Email').fill(demo.admin.email);
      await merchant.page.getByLabel('Password').fill(demo.admin.password);
      expect(await accessibilityViolations(merchant.page)).toEqual([]);
      await merchant.page.getByRole('button', { name: 'Sign in' }).click();
      const row = merchant.page.locator('tr[data-referral]', { hasText: friendEmail });
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain(advocateEmail);
      expect(new URL(merchant.page.url()).pathname).toMatch(/^\/refer\/console/);
      await shot(merchant.page, '4-console');
      await row.getByRole('button', { name: `Approve the referral of ${friendEmail}` }).click();
      await merchant.page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
      await expect.poll(() => merchant.page.getByRole('status').textContent()).toContain(`${friendEmail} approved`);
      const session = (await merchant.context.cookies()).find((cookie) => cookie.name === 'vouch_session');
      expect(session).toMatchObject({ path: '/refer/console', httpOnly: true, secure: true });

      for (const context of contexts) await context.close();
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
      expect(nginx.errors()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
    }, 120_000);
  }

  it('takes the client address from the entry nginx appends, not from one the client forged (TRUST_PROXY)', async () => {
    const offer = await fetch(`${demo.collector.url}/api/v2/origins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site_slug: 'demo-shop', api_key: demo.collector.services.sites.bySlug('demo-shop')!.api_key, type: 'Purchase', data: { email: 'cy@example.com', order_number: 'NGINX-1', subtotal: 20 } }),
    });
    const claimUrl: string = (await offer.json()).result.offer.claim_url;
    expect(claimUrl.startsWith(`${origin}/refer/x/`)).toBe(true);
    const answer = await getThroughProxy(claimUrl, certificate, { 'x-forwarded-for': '203.0.113.7' });
    expect(answer.status).toBe(200);
    const code = new URL(claimUrl).pathname.split('/').at(-1)!;
    const claims = await demo.collector.services.db
      .selectFrom('claims')
      .innerJoin('claim_links', 'claim_links.id', 'claims.claim_link_id')
      .select('claims.ip_address')
      .where('claim_links.code', '=', code)
      .execute();
    expect(claims).toEqual([{ ip_address: '127.0.0.1' }]);
  });

  it('sends plain HTTP on to HTTPS', async () => {
    const answer = await fetch(`http://127.0.0.1:${httpPort}/refer/x/Abcd1234`, { redirect: 'manual' });
    expect(answer.status).toBe(301);
    // $host carries no port: in production that is 443.
    expect(answer.headers.get('location')).toBe('https://127.0.0.1/refer/x/Abcd1234');
  });
});
