/**
 * The shop's brand in Chromium: the claim page and the invite email, at phone and desktop sizes,
 * with the logo loaded under the page's CSP and no accessibility violations.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { accessibilityViolations, SIZES, scrollsSideways } from '../support/console-page';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const ARTIFACTS = join(import.meta.dirname, '../artifacts');
const LOGO_URL = 'https://cdn.fernandfield.example/logo.svg';
/** A stand-in logo, served for LOGO_URL: the network is closed. */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="48" viewBox="0 0 180 48"><circle cx="24" cy="24" r="20" fill="#166534"/><path d="M24 12c8 6 8 18 0 24c-8-6-8-18 0-24z" fill="#bbf7d0"/><text x="54" y="31" font-family="Georgia,serif" font-size="20" fill="#14532d">Fern &amp; Field</text></svg>`;

describe.skipIf(!browserSuitesRun('brand'))("the shop's brand in Chromium", () => {
  let browser: Browser;
  let inbox: SmtpInbox;
  let collector: TestCollector;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    inbox = await startSmtpInbox();
    collector = await startCollector({
      showClaimPage: true,
      site: { name: 'Fern & Field', smtp_url: inbox.url, mail_from: 'hello@fernandfield.example', brand: { logo_url: LOGO_URL, colour: '#166534' } },
      outbox: FAST_OUTBOX,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
    await inbox?.down();
  });

  /** A page at one size whose only way out of the machine is the stand-in logo; CSP refusals are collected. */
  async function pageAt(size: (typeof SIZES)[number], problems: string[]): Promise<Page> {
    const context = await browser.newContext(size.options);
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) =>
      route.request().url() === LOGO_URL ? route.fulfill({ contentType: 'image/svg+xml', body: LOGO_SVG }) : route.abort(),
    );
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    return page;
  }

  it('shows the claim page with the logo and green buttons, readable and within the screen', async () => {
    const answer = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'BR-1', subtotal: 20, first_name: 'Ann' }));
    const claimUrl = (answer.body.result.offer.claim_url as string).replace(/^http:\/\/localhost:\d+/, collector.url);
    for (const size of SIZES) {
      const problems: string[] = [];
      const page = await pageAt(size, problems);
      await page.goto(claimUrl);
      const logo = page.getByRole('img', { name: 'Fern & Field' });
      await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
      const button = page.getByRole('link', { name: 'Continue to Fern & Field' });
      expect(await button.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(22, 101, 52)');
      expect(await button.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(255, 255, 255)');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `brand-claim-page-${size.name}.png`), fullPage: true });
      await page.context().close();
    }
  });

  it('shows the invite email with the logo and a green button', async () => {
    const answer = await collector.post('/api/v2/origins', purchase(collector, { email: 'bea@example.com', order_number: 'BR-2', subtotal: 20, first_name: 'Bea' }));
    const { short_url_code: code, share_key: shareKey } = answer.body.result.offer;
    const shared = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, share_key: shareKey, recipients: 'cy@example.com', body: 'The ferns are lovely' });
    expect(shared.status).toBe(201);
    await inbox.waitForMessages(1);
    const html = inbox.to('cy@example.com')!.mail.html as string;
    for (const size of SIZES) {
      const page = await pageAt(size, []);
      await page.setContent(html);
      await expect.poll(() => page.getByRole('img', { name: 'Fern & Field' }).evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
      const button = page.getByRole('link', { name: 'Claim $10 off your first order' });
      expect(await button.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(22, 101, 52)');
      expect(await scrollsSideways(page)).toBe(false);
      await page.screenshot({ path: join(ARTIFACTS, `brand-invite-email-${size.name}.png`), fullPage: true });
      await page.context().close();
    }
  });
});
