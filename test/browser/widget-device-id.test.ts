/**
 * The widget's device id in real Chromium: kept in a first-party cookie beside the visitor uuid
 * and sent with the purchases the widget reports, so a "friend" buying in the advocate's own
 * browser is flagged; under data-consent="required" nothing is kept or sent before consent.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { startCollector, type TestCollector } from '../support/collector';
import { type HostPage, startHostPage } from '../support/host-page';

const CONSENT_REQUIRED = 'data-consent="required"';

/** A thank-you page's calls: a ready listener that writes the offer's code into the title, then the (unsigned) purchase. */
const thankYouScript = (email: string, orderNumber: string, consent?: boolean) =>
  `vouch('on', 'ready', function (e) { document.title = 'ready:' + e.offer.short_url_code; });
${consent === undefined ? '' : `vouch('consent', ${consent});`}
vouch('purchase', {email: '${email}', order_number: '${orderNumber}', subtotal: 20});`;

describe.skipIf(!browserSuitesRun('widget device id'))('the device id in Chromium', () => {
  let browser: Browser;
  let collector: TestCollector;
  let shop: HostPage;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    shop = await startHostPage({ siteSlug: 'test-shop' });
    collector = await startCollector({ destinationUrl: `${shop.url}/welcome` });
    shop.collectorUrl = collector.url;
    shop.siteSlug = collector.siteSlug;
    shop.setPage('/welcome', { body: '<h1>Welcome, friend</h1>' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
    await shop?.stop();
  });

  async function visitor(): Promise<Page> {
    context = await browser.newContext();
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.fulfill({ contentType: 'text/html', body: '<p>elsewhere</p>' }));
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    return page;
  }

  afterEach(async () => {
    await context?.close();
    expect(problems.splice(0)).toEqual([]);
  });

  const deviceCookie = async () => (await context.cookies(shop.url)).find((cookie) => cookie.name === 'vouch_device');
  const originOf = (order: string) => collector.running.services.db.selectFrom('origins').where('order_number', '=', order).select(['device_id_hash']).executeTakeFirstOrThrow();

  /** Buys on the shop's thank-you page through the widget; answers the offer's short_url_code once the widget shows it. */
  async function buy(page: Page, email: string, order: string, consent?: { required: boolean; given?: boolean }): Promise<string> {
    shop.setPage(`/thanks/${order}`, { loaderAttributes: consent?.required ? CONSENT_REQUIRED : '', scripts: [thankYouScript(email, order, consent?.given)] });
    await page.goto(`${shop.url}/thanks/${order}`);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toMatch(/^ready:/);
    return (await page.title()).slice('ready:'.length);
  }

  it("flags a friend's purchase made in the advocate's own browser, by the device id both carried", async () => {
    const page = await visitor();
    const code = await buy(page, 'ann@example.com', 'DEV-ADV');
    const cookie = await deviceCookie();
    expect(cookie).toMatchObject({ sameSite: 'Lax', path: '/', value: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await originOf('DEV-ADV')).device_id_hash).toMatch(/^[0-9a-f]{32}$/);
    // The collector keeps only a keyed hash, never the id the browser holds.
    expect((await originOf('DEV-ADV')).device_id_hash).not.toContain(cookie!.value.slice(0, 8));

    const offer = await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`);
    await page.goto(offer.body.result.offer.claim_url);
    await buy(page, 'not-ann@example.org', 'DEV-FRIEND');
    const referral = await collector.running.services.db
      .selectFrom('referrals')
      .innerJoin('origins', 'origins.id', 'referrals.friend_origin_id')
      .where('origins.order_number', '=', 'DEV-FRIEND')
      .select(['referrals.status', 'referrals.fraud_decision'])
      .executeTakeFirstOrThrow();
    const decision = JSON.parse(referral.fraud_decision!) as { signals: { signal: string; fired: boolean }[] };
    expect(decision.signals.find((entry) => entry.signal === 'same_device')).toMatchObject({ fired: true });
    expect(referral.status).toBe('flagged');
  });

  it('keeps and sends no device id under required consent until the page gives it', async () => {
    const page = await visitor();
    await buy(page, 'pending@example.com', 'DEV-PENDING', { required: true });
    expect(await deviceCookie()).toBeUndefined();
    expect((await originOf('DEV-PENDING')).device_id_hash).toBeNull();

    await buy(page, 'given@example.com', 'DEV-GIVEN', { required: true, given: true });
    expect(await deviceCookie()).toBeDefined();
    expect((await originOf('DEV-GIVEN')).device_id_hash).toMatch(/^[0-9a-f]{32}$/);
  });
});
