/**
 * Attribution consent in real Chromium: a shop whose loader tag says data-consent="required"
 * keeps no visitor cookie and sends no visitor uuid until its cookie banner calls
 * vouch('consent', true), and its `ready` listeners hear which it is.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { purchase as serverPurchase, startCollector, type TestCollector } from '../support/collector';
import { type HostPage, startHostPage } from '../support/host-page';

const ARTIFACTS = join(import.meta.dirname, '../artifacts');
const CONSENT_REQUIRED = 'data-consent="required"';

/** The thank-you page's calls: a ready listener that writes the consent state into the title, then the (unsigned) purchase. */
const thankYouScript = (email: string, orderNumber: string, consent?: boolean) =>
  `vouch('on', 'ready', function (e) { document.title = 'consent:' + e.consent; });
${consent === undefined ? '' : `vouch('consent', ${consent});`}
vouch('purchase', {email: '${email}', order_number: '${orderNumber}', subtotal: 20});`;

describe.skipIf(!browserSuitesRun('widget consent'))('attribution consent in Chromium', () => {
  let browser: Browser;
  let collector: TestCollector;
  let shop: HostPage;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    shop = await startHostPage({ siteSlug: 'test-shop' });
    collector = await startCollector({ destinationUrl: `${shop.url}/welcome` });
    shop.collectorUrl = collector.url;
    shop.siteSlug = collector.siteSlug;
    // The friend lands here from the claim link; the banner has not been answered yet.
    shop.setPage('/welcome', { body: '<h1>Welcome, friend</h1>', loaderAttributes: CONSENT_REQUIRED, scripts: ["vouch('on', 'claim', function (e) { document.title = 'claimed:' + e.uuid; });"] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
    await shop?.stop();
  });

  async function visitor(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    context = await browser.newContext(options);
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.fulfill({ contentType: 'text/html', body: '<p>elsewhere</p>' }));
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
    });
    return page;
  }

  afterEach(async () => {
    await context?.close();
    expect(problems.splice(0)).toEqual([]);
  });

  /** An advocate's claim link, from a purchase the shop's server reported. */
  async function claimLink(order: string): Promise<string> {
    const answer = await collector.post('/api/v2/origins', serverPurchase(collector, { email: `adv-${order}@example.com`, order_number: order, subtotal: 40 }));
    return answer.body.result.offer.claim_url;
  }

  const uuidCookie = async () => (await context.cookies(shop.url)).find((cookie) => cookie.name === 'vouch_uuid');
  const friendOrigin = (order: string) =>
    collector.running.services.db.selectFrom('origins').leftJoin('referrals', 'referrals.friend_origin_id', 'origins.id').where('origins.order_number', '=', order).select(['origins.visitor_uuid', 'referrals.attributed_by']).executeTakeFirst();
  const loaded = (page: Page) => page.waitForFunction(() => (window as unknown as { vouch?: { loaded?: boolean } }).vouch?.loaded === true);

  it('keeps no cookie and sends no uuid while consent is pending, and says so in ready', async () => {
    const friend = await visitor({ viewport: { width: 390, height: 844 } });
    await friend.goto(await claimLink('ADV-PENDING'));
    await loaded(friend);
    expect(new URL(friend.url()).searchParams.get('vouch_uuid')).toBeTruthy();
    expect(await uuidCookie()).toBeUndefined();
    expect(await friend.title()).toBe('Test Shop');

    shop.setPage('/thanks/PENDING-1', { loaderAttributes: CONSENT_REQUIRED, scripts: [thankYouScript('pending@example.org', 'PENDING-1')] });
    await friend.goto(`${shop.url}/thanks/PENDING-1`);
    await expect.poll(() => friend.title(), { timeout: 10_000 }).toBe('consent:pending');
    await friend.screenshot({ path: join(ARTIFACTS, 'widget-consent-pending-phone.png') });
    expect(await uuidCookie()).toBeUndefined();
    // The purchase is recorded (it may show an offer) but names no visitor: nobody is credited for it.
    expect(await friendOrigin('PENDING-1')).toEqual({ visitor_uuid: null, attributed_by: null });
  });

  it("keeps the uuid once the banner calls vouch('consent', true), and the purchase then names the referrer", async () => {
    const friend = await visitor({ viewport: { width: 1280, height: 800 } });
    await friend.goto(await claimLink('ADV-GIVEN'));
    await loaded(friend);
    const uuid = new URL(friend.url()).searchParams.get('vouch_uuid')!;
    await friend.evaluate(() => (window as unknown as { vouch: (...args: unknown[]) => void }).vouch('consent', true));
    expect(await uuidCookie()).toMatchObject({ value: uuid, sameSite: 'Lax', path: '/' });
    await expect.poll(() => friend.title()).toBe(`claimed:${uuid}`);

    // On the next page the banner repeats the visitor's answer, as banners do on every page.
    shop.setPage('/thanks/GIVEN-1', { loaderAttributes: CONSENT_REQUIRED, scripts: [thankYouScript('given@example.org', 'GIVEN-1', true)] });
    await friend.goto(`${shop.url}/thanks/GIVEN-1`);
    await expect.poll(() => friend.title(), { timeout: 10_000 }).toBe('consent:given');
    await friend.screenshot({ path: join(ARTIFACTS, 'widget-consent-given-desktop.png') });
    expect(await friendOrigin('GIVEN-1')).toEqual({ visitor_uuid: uuid, attributed_by: 'uuid' });
  });

  it("deletes the cookie on vouch('consent', false): a later purchase names nobody", async () => {
    const friend = await visitor();
    await friend.goto(await claimLink('ADV-REFUSED'));
    await loaded(friend);
    await friend.evaluate(() => (window as unknown as { vouch: (...args: unknown[]) => void }).vouch('consent', true));
    expect(await uuidCookie()).toBeDefined();

    shop.setPage('/thanks/REFUSED-1', { loaderAttributes: CONSENT_REQUIRED, scripts: [thankYouScript('refused@example.org', 'REFUSED-1', false)] });
    await friend.goto(`${shop.url}/thanks/REFUSED-1`);
    await expect.poll(() => friend.title(), { timeout: 10_000 }).toBe('consent:refused');
    expect(await uuidCookie()).toBeUndefined();
    expect(await friendOrigin('REFUSED-1')).toEqual({ visitor_uuid: null, attributed_by: null });
  });

  it('changes nothing for a shop without data-consent: the cookie is kept at once and ready says not_required', async () => {
    shop.setPage('/welcome-open', { body: '<h1>Welcome</h1>' });
    const friend = await visitor();
    await friend.goto(await claimLink('ADV-OPEN'));
    // The claim lands on the consent page; the same landing URL on a page without it.
    const uuid = new URL(friend.url()).searchParams.get('vouch_uuid')!;
    await friend.goto(`${shop.url}/welcome-open?vouch_uuid=${uuid}`);
    await loaded(friend);
    expect(await uuidCookie()).toBeDefined();
    shop.setPage('/thanks/OPEN-1', { scripts: [thankYouScript('open@example.org', 'OPEN-1')] });
    await friend.goto(`${shop.url}/thanks/OPEN-1`);
    await expect.poll(() => friend.title(), { timeout: 10_000 }).toBe('consent:not_required');
    expect((await friendOrigin('OPEN-1'))?.attributed_by).toBe('uuid');
  });
});
