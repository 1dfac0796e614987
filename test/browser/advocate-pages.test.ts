/**
 * The advocate's pages in Chromium, at desktop and phone sizes: joining on the standalone page,
 * signing in to the dashboard with a link from the mail, the dashboard inline in the widget with a
 * token the shop's server minted, and the clear pages for what does not work. Screenshots go to
 * test/artifacts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopMintedToken, signInLinkIn } from '../support/advocate-pages';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { startCollector, type TestCollector } from '../support/collector';
import { accessibilityViolations, SIZES, scrollsSideways, tabTo } from '../support/console-page';
import { type HostPage, startHostPage } from '../support/host-page';
import { FAST_OUTBOX, makeReferral, setStatus } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const ARTIFACTS = join(import.meta.dirname, '../artifacts');
/** An address and a name as long as real ones get: the layout must hold them. */
const LONG_EMAIL = 'maximiliana.vandenberghe-oppenheimer.household@very-long-subdomain.example.com';
const LONG_NAME = 'Maximiliana-Konstantina Wilhelmina';

describe.skipIf(!browserSuitesRun('advocate pages'))("the advocate's pages in Chromium", () => {
  let browser: Browser;
  let inbox: SmtpInbox;
  let collector: TestCollector;
  let shop: HostPage;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    inbox = await startSmtpInbox();
    shop = await startHostPage({ siteSlug: 'test-shop' });
    collector = await startCollector({
      destinationUrl: `${shop.url}/welcome`,
      site: { name: 'Fern & Field', smtp_url: inbox.url, mail_from: 'hello@fernandfield.example', brand: { colour: '#166534' }, advocate_consent_text: 'I agree that Fern & Field emails me about my referrals.' },
      outbox: FAST_OUTBOX,
    });
    shop.collectorUrl = collector.url;
    browser = await launchChromium();
    // An advocate with a long address: one friend's referral approved, another's waiting.
    const { originSlug } = await makeReferral(collector, { advocate: LONG_EMAIL, friend: 'bob@example.com', order: 'F-1' });
    await makeReferral(collector, { advocate: LONG_EMAIL, friend: 'cat.with.a.rather.long.address@example.com', order: 'F-2' });
    expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
    await shop?.stop();
    await inbox?.down();
  });

  /** A page at one size; a page error or CSP refusal is collected as a problem. */
  async function pageAt(size: (typeof SIZES)[number], problems: string[]): Promise<Page> {
    const context = await browser.newContext(size.options);
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    return page;
  }

  /** What every page must be: free of axe violations, no wider than the screen, with no CSP refusal. */
  async function expectSound(page: Page, problems: string[], screenshot: string) {
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `${screenshot}.png`), fullPage: true });
  }

  /** The axe violations inside the widget's shadow root. */
  async function widgetViolations(page: Page): Promise<string[]> {
    return (await accessibilityViolations(page)).filter((line) => line.includes('vouch-widget'));
  }

  it('joins on the standalone page with the keyboard and lands on the offer, which links to the dashboard', async () => {
    for (const size of SIZES) {
      const problems: string[] = [];
      const page = await pageAt(size, problems);
      await page.goto(`${collector.url}/r/${collector.siteSlug}`);
      await expect.poll(() => page.title()).toBe('Refer friends to Fern & Field');
      const email = page.getByLabel('Email', { exact: true });
      await tabTo(page, email);
      await page.keyboard.type(`${size.name}.${LONG_EMAIL}`);
      await page.keyboard.press('Tab');
      await page.keyboard.type(LONG_NAME);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await expectSound(page, problems, `advocate-join-${size.name}`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/o\/[A-Za-z0-9]+$/);
      const widget = page.locator('vouch-widget');
      await expect.poll(() => widget.getByRole('link', { name: 'See your referrals' }).count()).toBe(1);
      expect(await widget.getByRole('link', { name: 'See your referrals' }).getAttribute('href')).toBe(`${collector.url}/me/${collector.siteSlug}`);
      await expectSound(page, problems, `advocate-joined-offer-${size.name}`);
      await page.context().close();
    }
  });

  it('says what is missing when the consent box is not ticked', async () => {
    const problems: string[] = [];
    const page = await pageAt(SIZES[1]!, problems);
    await page.goto(`${collector.url}/r/${collector.siteSlug}`);
    await page.getByLabel('Email', { exact: true }).fill('dee@example.com');
    await page.getByRole('button', { name: 'Get my referral link' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Please check the form.');
    expect(await page.getByText('Tick the box to continue.').isVisible()).toBe(true);
    await expectSound(page, problems, 'advocate-join-consent-missing-phone');
    await page.context().close();
  });

  it('signs in with the mailed link and shows a pending and an approved referral with their reasons', async () => {
    for (const size of SIZES) {
      const problems: string[] = [];
      const page = await pageAt(size, problems);
      await page.goto(`${collector.url}/me/${collector.siteSlug}`);
      await page.getByLabel('Email', { exact: true }).fill(LONG_EMAIL);
      const before = inbox.received.length;
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('a sign-in link is on its way');
      await expectSound(page, problems, `advocate-sign-in-sent-${size.name}`);

      const mail = (await inbox.waitForMessages(before + 1)).at(-1)!;
      expect(mail.to).toEqual([LONG_EMAIL]);
      const link = signInLinkIn(mail.mail.text as string).replace(/^http:\/\/localhost:\d+/, collector.url);
      await page.goto(link);
      const open = page.getByRole('button', { name: 'Open my referrals' });
      await tabTo(page, open);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${collector.url}/me/${collector.siteSlug}`);
      await expect.poll(() => page.getByRole('heading', { name: 'Your referrals', exact: true }).count()).toBe(1);
      const text = (await page.locator('main').textContent())!;
      expect(text).toContain('b•••@example.com');
      expect(text).toContain('c•••@example.com');
      expect(text).toContain('You earned $10 back');
      expect(text).toMatch(/Return window: it counts on .+ if your friend keeps the order/);
      expect(text).not.toContain('bob@example.com');
      // The share panel loads inline, without a link back to this very page.
      await expect.poll(() => page.locator('vouch-widget').getByRole('button', { name: 'Copy' }).count()).toBe(1);
      expect(await page.locator('vouch-widget').getByRole('link', { name: 'See your referrals' }).count()).toBe(0);
      await tabTo(page, page.getByRole('button', { name: 'Sign out' }), 120);
      await expectSound(page, problems, `advocate-dashboard-${size.name}`);

      // The same link again: a clear page with the way to a new one.
      await page.goto(link);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('This sign-in link does not work any more');
      await expectSound(page, problems, `advocate-link-used-${size.name}`);
      await page.context().close();
    }
  });

  it("shows the dashboard inline in the widget for the shop's server-minted token, and says so plainly when the token is refused", async () => {
    const expiry = Math.floor(Date.now() / 1000) + 600;
    const good = shopMintedToken(collector.apiKey, collector.siteSlug, LONG_EMAIL, expiry);
    const wrong = shopMintedToken('sk_not_the_shops_key_at_all', collector.siteSlug, LONG_EMAIL, expiry);
    shop.setPage('/account', { body: '<h1>Your account</h1><section id="vouch-dashboard"></section>', scripts: [`vouch('dashboard', {token: '${good}', target: '#vouch-dashboard'})`] });
    shop.setPage('/account-wrong', { body: '<h1>Your account</h1><section id="vouch-dashboard"></section>', scripts: [`vouch('dashboard', {token: '${wrong}', target: '#vouch-dashboard'})`] });
    for (const size of SIZES) {
      const problems: string[] = [];
      const page = await pageAt(size, problems);
      await page.goto(`${shop.url}/account`);
      const widget = page.locator('vouch-widget');
      await expect.poll(() => widget.getByRole('heading', { name: 'Your referrals' }).count()).toBe(1);
      const text = (await widget.locator('section.card').textContent())!;
      expect(text).toContain('b•••@example.com');
      expect(text).toContain('You earned $10 back');
      expect(text).toContain('2 referrals: 1 counted, 1 waiting');
      // The fake shop's own page is deliberately ugly (red on grey): only the widget is ours to judge.
      expect(await widgetViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `advocate-widget-dashboard-${size.name}.png`), fullPage: true });

      await page.goto(`${shop.url}/account-wrong`);
      await expect.poll(() => widget.getByRole('alert').textContent()).toContain('This sign-in has expired or is not valid.');
      expect(await widget.getByRole('link', { name: 'See your referrals' }).getAttribute('href')).toBe(`${collector.url}/me/${collector.siteSlug}`);
      expect(await widgetViolations(page)).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `advocate-widget-token-refused-${size.name}.png`), fullPage: true });
      await page.context().close();
    }
  });
});
