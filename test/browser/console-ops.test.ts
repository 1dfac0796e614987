/**
 * The console's Coupons, Web hooks, Email and Settings pages in real Chromium against the real
 * collector, at a desktop and a phone size: pool levels and adding codes by paste (by keyboard),
 * a failed delivery redelivered to a real receiver until it is delivered, a suppressed address
 * of 60+ characters removed after the confirmation, the settings with masked secrets. axe-core
 * checks each page; screenshots go to test/artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressEmail } from '../../collector/store/suppression.repository';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser, type ConsoleBrowser } from '../support/console-client';
import { accessibilityViolations, SIZES, scrollsSideways, tabTo, watchedPage } from '../support/console-page';
import { FAST_OUTBOX, TEST_WEBHOOK_SECRET, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const ARTIFACTS = join(import.meta.dirname, '../artifacts/console');
const OWNER = { email: 'owner@shop.example', password: 'a long console password' };

describe.skipIf(!browserSuitesRun('console pages'))('the console coupons, web hooks, email and settings pages in Chromium', () => {
  let browser: Browser;
  let collector: TestCollector;
  let receiver: WebhookReceiver;
  let api: ConsoleBrowser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A web hook path long enough to wrap on a phone.
    receiver = await startWebhookReceiver('/webhooks/vouch/a-rather-long-path-to-the-shops-receiver/endpoint');
    collector = await startCollector({
      admin: OWNER,
      // The friend's coupon comes from the pool; the advocate's pool is not in use.
      site: webhookSite(receiver.url, { friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off', coupon_source: 'pool' } }),
      // One failed retry ends a delivery's window, so the test has a failed delivery at once.
      outbox: { ...FAST_OUTBOX, giveUpAfterInMs: 100 },
    });
    api = consoleBrowser(collector);
    expect((await api.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
    await receiver?.close();
  });

  for (const size of SIZES) {
    it(`shows and changes coupons, web hooks, email and settings at ${size.name} size`, async () => {
      const tag = size.name;
      const site = '/console/api/sites/test-shop';
      // A failed delivery: both attempts of its window answered 500.
      const before = receiver.received.length;
      receiver.plan(500, 500);
      const sample = await api.call('POST', `${site}/webhook-endpoints/${collector.running.services.sites.bySlug('test-shop')!.webhook_endpoints[0]!.id}/sample`, { type: 'referral.approved' });
      expect(sample.status).toBe(202);
      await receiver.waitForRequests(before + 2, 20_000);
      await expect.poll(async () => (await api.call('GET', `${site}/webhooks?status=failed`)).body.result.deliveries.some((delivery: any) => delivery.id === sample.body.result.delivery.id)).toBe(true);
      // A suppressed address of 60+ characters.
      const longAddress = `maximiliana.oberschwarzenberger-hollingsworth.${tag}+invites@example-store.co.uk`;
      expect(longAddress.length).toBeGreaterThanOrEqual(60);
      const { services } = collector.running;
      await suppressEmail(services.db, services.sites.bySlug('test-shop')!.id, longAddress, 'unsubscribe_link', new Date());

      const { context, page, problems } = await watchedPage(browser, size.options);
      const checked = async (step: string) => {
        await page.screenshot({ path: join(ARTIFACTS, `${tag}-ops-${step}.png`), fullPage: true });
        expect(await accessibilityViolations(page), `axe-core on ${step}`).toEqual([]);
        expect(await scrollsSideways(page), `${step} scrolls sideways`).toBe(false);
      };

      await page.goto(`${collector.url}/console/coupons`);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // Coupons (the page asked for, after signing in): the friend pool low; add two codes to it by paste, with the keyboard only.
      await page.getByRole('heading', { name: 'Coupons', level: 1 }).waitFor();
      const friendPool = page.locator('[data-pool="Friend pool"]');
      await expect.poll(() => friendPool.textContent()).toMatch(/Running low/);
      const advocatePool = page.locator('[data-pool="Advocate pool"]');
      expect(await advocatePool.textContent()).toMatch(/Not in use/);
      expect(await advocatePool.textContent()).not.toMatch(/Running low/);
      const startCount = Number((await friendPool.locator('.level-number strong').textContent()) ?? 'NaN');
      await checked('1-coupons');
      // A radio group takes one Tab stop (the checked Advocate); the arrow key picks Friend.
      await tabTo(page, page.getByLabel('Advocate'));
      await page.keyboard.press('ArrowRight');
      expect(await page.getByLabel('Friend').isChecked()).toBe(true);
      await tabTo(page, page.getByLabel('Codes, one a line or separated by commas'));
      await page.keyboard.type(`PASTE-${tag}-1\nPASTE-${tag}-2, PASTE-${tag}-1`);
      await tabTo(page, page.getByRole('button', { name: 'Add codes' }));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('2 added to the friend pool, 1 skipped');
      await expect.poll(async () => Number(await friendPool.locator('.level-number strong').textContent())).toBe(startCount + 2);
      await page.getByRole('group', { name: 'Which pool' }).getByRole('button', { name: 'Friend' }).click();
      await page.locator(`[data-code="PASTE-${tag.toUpperCase()}-2"]`).waitFor();
      await checked('2-coupons-added');

      // Web hooks: the failed delivery, redelivered by keyboard, is delivered to the receiver.
      await page.goto(`${collector.url}/console/webhooks`);
      await page.getByRole('heading', { name: 'Web hooks', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Failed' }).click();
      const failed = page.locator(`[data-delivery="${sample.body.result.delivery.id}"]`);
      await failed.waitFor();
      expect(await failed.textContent()).toContain('HTTP 500');
      expect(await page.content()).not.toContain(TEST_WEBHOOK_SECRET);
      expect(await scrollsSideways(page)).toBe(false);
      await checked('3-webhooks-failed');
      const delivered = receiver.received.length;
      await tabTo(page, failed.getByRole('button', { name: /^Redeliver/ }));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('is being delivered again');
      await receiver.waitForDelivered(1);
      expect(receiver.received.length).toBeGreaterThan(delivered);
      await page.getByRole('button', { name: 'Delivered', exact: true }).click();
      await expect.poll(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return page.locator(`[data-delivery="${sample.body.result.delivery.id}"] .badge-delivered`).count();
      }, { timeout: 10_000 }).toBe(1);
      await checked('4-webhooks-redelivered');

      // Email: the long address fits; removing it asks first, then it is gone.
      await page.goto(`${collector.url}/console/email`);
      await page.getByRole('heading', { name: 'Email', level: 1 }).waitFor();
      const row = page.locator(`[data-suppression="${longAddress}"]`);
      await row.waitFor();
      await checked('5-email');
      await page.getByLabel('Search by address').fill(`oberschwarzenberger-hollingsworth.${tag}`);
      await page.getByRole('button', { name: 'Search' }).click();
      await row.getByRole('button', { name: `Remove ${longAddress}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await checked('6-email-confirm');
      await dialog.getByRole('textbox').fill('she asked by email to get invites again');
      await dialog.getByRole('button', { name: 'Remove' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`${longAddress} can be invited again.`);
      await expect.poll(() => row.count()).toBe(0);

      // Settings: the configuration with the secret key masked to its last 4 characters.
      await page.goto(`${collector.url}/console/settings`);
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      await page.getByRole('rowheader', { name: 'api_key' }).waitFor();
      const html = await page.content();
      expect(html).not.toContain(collector.apiKey);
      expect(html).not.toContain(TEST_WEBHOOK_SECRET);
      expect(html).toContain(`••••${collector.apiKey.slice(-4)}`);
      await checked('7-settings');

      // The audit log names the upload, the redelivery and the removal.
      const audit = (await api.call('GET', '/console/api/audit')).body.result.entries.map((entry: any) => entry.action);
      expect(audit.slice(0, 3)).toEqual(['suppression.remove', 'webhook.redeliver', 'coupon.upload']);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
