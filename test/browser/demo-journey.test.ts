/**
 * The journey QA clicks through in the demo, in real Chromium, at a desktop and a phone size:
 * advocate buys → offer → share by copy link and by email → friend opens the invite from the
 * inbox → claim page → shop with the uuid and coupon → the checkout asks the collector about
 * the coupon (refused for the advocate, and for a code it never gave) → buys → the merchant
 * corner's link to the merchant console → sign in → referral pending in the review queue → approve → the signed web
 * hook arrives at the shop's receiver, verified. Screenshots of every step go to
 * test/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { startTestDemo } from '../support/demo';

const ARTIFACTS = join(import.meta.dirname, '../artifacts/demo');

const SIZES: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

describe.skipIf(!browserSuitesRun('demo journey'))('the demo journey', () => {
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof startTestDemo>>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    demo = await startTestDemo();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.cleanup();
  });

  for (const size of SIZES) {
    it(`works end to end at ${size.name} size`, async () => {
      const problems: string[] = [];
      const shot = async (page: Page, step: string) => page.screenshot({ path: join(ARTIFACTS, `${size.name}-${step}.png`), fullPage: true });
      const open = async () => {
        const context = await browser.newContext({ ...size.options, permissions: ['clipboard-read', 'clipboard-write'] });
        // Social share pages would leave the machine: answer them here.
        await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.fulfill({ contentType: 'text/html', body: 'share page' }));
        const page = await context.newPage();
        page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
        page.on('console', (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
        });
        return { context, page };
      };
      const buy = async (page: Page, name: string, email: string, product: string) => {
        await page.goto(`${demo.shopUrl}/`);
        await page.locator('.card', { hasText: product }).getByRole('button', { name: 'Add to cart' }).click();
        await page.getByRole('link', { name: 'Checkout' }).click();
        await page.getByLabel('Full name').fill(name);
        await page.getByLabel('Email').fill(email);
      };
      const tag = size.name;
      const advocateEmail = `ann.${tag}@example.com`;
      const friendEmail = `bob.${tag}@example.com`;

      // 1. The advocate buys and sees the offer on the confirmation page.
      const advocate = await open();
      await buy(advocate.page, 'Ann Advocate', advocateEmail, 'Boston Fern');
      await shot(advocate.page, '1-checkout');
      await advocate.page.getByRole('button', { name: 'Place order' }).click();
      const widget = advocate.page.locator('vouch-widget');
      await expect.poll(() => widget.locator('h2').textContent({ timeout: 15_000 })).toBe('Give $10, get $10');
      await shot(advocate.page, '2-offer');

      // 2. Share by copy link...
      await widget.locator('.copy').click();
      await expect.poll(() => widget.locator('.copy').textContent()).toBe('Copied');
      const copiedLink = await widget.locator('#vouch-link').inputValue();
      expect(copiedLink).toMatch(new RegExp(`^${demo.collectorUrl}/x/[A-Za-z0-9]{8}$`));

      // ...and by email.
      await widget.locator('summary').click();
      await widget.getByLabel("Friends' emails").fill(friendEmail);
      await widget.getByLabel('Message (optional)').fill('These plants are <b>great</b> & cheap!');
      await widget.getByRole('button', { name: 'Send invitations' }).click();
      await expect.poll(() => widget.getByText('Invitations sent: 1').count(), { timeout: 10_000 }).toBe(1);
      await shot(advocate.page, '3-shared');

      // 3. The friend (another browser: no shared cookies) opens the invite from the demo inbox.
      const friend = await open();
      await friend.page.goto(`${demo.shopUrl}/inbox`);
      await expect.poll(async () => {
        await friend.page.reload();
        return friend.page.getByRole('cell', { name: friendEmail }).count();
      }, { timeout: 20_000 }).toBe(1);
      await shot(friend.page, '4-inbox');
      await friend.page.getByRole('row', { name: new RegExp(friendEmail) }).getByRole('link').click();
      await shot(friend.page, '5-invite');
      const inviteLink = friend.page.locator('a[data-mail-link]', { hasText: '/x/' }).first();
      const inviteUrl = await inviteLink.getAttribute('href');
      expect(inviteUrl).toMatch(/\/x\/[A-Za-z0-9]{8}$/);
      expect(inviteUrl).not.toBe(copiedLink);
      await inviteLink.click();

      // 4. The claim page, then on to the shop with the uuid and the coupon.
      await expect(friend.page.getByRole('heading', { level: 1 })).toBeDefined();
      expect(await friend.page.locator('h1').textContent()).toContain('$10 off your first order');
      const coupon = await friend.page.locator('.coupon').textContent();
      expect(coupon).toMatch(/^FRIEND-[A-Z2-9]{8}$/);
      await shot(friend.page, '6-claim');
      await friend.page.getByRole('link', { name: /Continue to/ }).click();
      expect(new URL(friend.page.url()).searchParams.get('vouch_uuid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await friend.page.locator('.banner').textContent()).toContain(coupon!);
      await shot(friend.page, '7-welcome');

      // 5. The checkout asks the collector about the code: the advocate's own address is refused
      // (the code is for the friends they refer), and so is a code the collector never gave.
      await buy(friend.page, 'Ann Advocate', advocateEmail, 'Monstera');
      expect(await friend.page.getByLabel('Coupon code (optional)').inputValue()).toBe(coupon);
      await friend.page.getByRole('button', { name: 'Place order' }).click();
      const couponError = friend.page.locator('#coupon-error');
      expect(await couponError.textContent()).toBe('This coupon code is for the friends you refer, not for you.');
      expect(await friend.page.getByLabel('Coupon code (optional)').getAttribute('aria-invalid')).toBe('true');
      await shot(friend.page, '8-coupon-refused');
      await friend.page.getByLabel('Email').fill(friendEmail);
      await friend.page.getByLabel('Coupon code (optional)').fill('SPRING-SALE');
      await friend.page.getByRole('button', { name: 'Place order' }).click();
      expect(await couponError.textContent()).toContain('That code is not one of ours');

      // The friend buys with their own email; the coupon is allowed and applied.
      await friend.page.getByLabel('Full name').fill('Bob Friend');
      await friend.page.getByLabel('Email').fill(friendEmail);
      await friend.page.getByLabel('Coupon code (optional)').fill(coupon!);
      await friend.page.getByRole('button', { name: 'Place order' }).click();
      expect(await friend.page.locator('main').textContent()).toContain('Friend discount applied');
      await expect.poll(() => friend.page.locator('vouch-widget h2').textContent({ timeout: 15_000 })).toBe('Give $10, get $10');
      await shot(friend.page, '9-friend-bought');

      // 6. The merchant follows the merchant corner's link to the console, signs in, sees the
      // referral pending in the review queue and approves it; the signed web hook arrives.
      const merchant = await open();
      await merchant.page.goto(`${demo.shopUrl}/merchant`);
      await merchant.page.getByRole('link', { name: 'Open the merchant console' }).click();
      await merchant.page.getByLabel('Email').fill(demo.admin.email);
      await merchant.page.getByLabel('Password').fill(demo.admin.password);
      await merchant.page.getByRole('button', { name: 'Sign in' }).click();
      const row = merchant.page.locator('tr[data-referral]', { hasText: friendEmail });
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain(advocateEmail);
      await shot(merchant.page, '10-pending');
      await row.getByRole('button', { name: `Approve the referral of ${friendEmail}` }).click();
      await merchant.page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
      await expect.poll(() => row.count()).toBe(0);
      await expect.poll(() => merchant.page.getByRole('status').textContent()).toContain(`${friendEmail} approved`);
      await merchant.page.goto(`${demo.shopUrl}/merchant`);
      await expect.poll(async () => {
        await merchant.page.reload();
        return merchant.page.locator('[data-webhook] summary', { hasText: 'signature verified' }).count();
      }, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      const hook = merchant.page.locator('[data-webhook]', { hasText: friendEmail }).first();
      expect(await hook.textContent()).toContain(advocateEmail);
      await hook.locator('summary').click();
      await shot(merchant.page, '11-webhook');

      for (const { context } of [advocate, friend, merchant]) await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
