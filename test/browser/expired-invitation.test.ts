/**
 * An expired offer's link in real Chromium, at a desktop and a phone size: after
 * offer_expires_in_days the friend's click answers 410 with the friendly "This invitation has
 * expired" page, in the shop's brand colour and with its (long) name, a way on to the shop reached
 * by keyboard, axe-core clean and no wider than the screen. Screenshots go to test/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { accessibilityViolations, SIZES, scrollsSideways, tabTo, watchedPage } from '../support/console-page';
import { ManualClock } from '../support/manual-clock';

const ARTIFACTS = join(import.meta.dirname, '../artifacts');
const SHOP_NAME = 'Fern & Field Botanical Emporium and Garden Supplies of Greater Manchester';
const BRAND = '#166534';
const DAY_IN_MS = 86_400_000;

describe.skipIf(!browserSuitesRun('expired invitation'))("an expired offer's link in Chromium", () => {
  let browser: Browser;
  let collector: TestCollector;
  let claimUrl: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const clock = new ManualClock('2026-06-01T12:00:00.000Z');
    collector = await startCollector({ clock: clock.now, showClaimPage: true, site: { name: SHOP_NAME, offer_expires_in_days: 14, brand: { colour: BRAND } } });
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'ADV-1', subtotal: 40 }));
    expect(advocate.status).toBe(201);
    expect(advocate.body.result.offer.expires_at).toBe('2026-06-15T12:00:00.000Z');
    claimUrl = advocate.body.result.offer.claim_url;
    clock.advance(14 * DAY_IN_MS);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
  });

  for (const size of SIZES) {
    it(`says the invitation has expired, with a way on to the shop, at ${size.name} size`, async () => {
      const { context, page, problems } = await watchedPage(browser, size.options);

      const response = await page.goto(claimUrl);
      expect(response?.status()).toBe(410);
      expect(await page.title()).toBe('This invitation has expired');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This invitation has expired');
      expect(await page.locator('main p').first().textContent()).toBe(`Your friend's invitation to ${SHOP_NAME} is no longer valid. Ask them for a new link, or visit ${SHOP_NAME} directly.`);
      // The way on: by keyboard, to the shop's own page, without a visitor uuid (the link refers nobody now).
      const visit = page.getByRole('link', { name: `Visit ${SHOP_NAME}` });
      await tabTo(page, visit, 10);
      expect(await visit.getAttribute('href')).toBe('https://shop.example/welcome');
      // In the shop's colour: the button is drawn in the brand colour.
      expect(await visit.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(22, 101, 52)');
      // No cookie for a visitor the link no longer refers.
      expect(await context.cookies()).toEqual([]);

      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `expired-invitation-${size.name}.png`), fullPage: true });
      await context.close();
    });
  }
});
