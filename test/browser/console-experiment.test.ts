/**
 * The console's Campaigns page in real Chromium against the real collector, at a desktop and a
 * phone size: a site (with a long name) whose default campaign runs an A/B experiment between the
 * control and a variant with a 40-character id, seeded through the API with numbers worked out by
 * hand, and a configured campaign without one. Reached from the navigation by keyboard; every
 * variant's table checked against the hand-computed rates, intervals and verdicts, amounts in the
 * site's currency; axe-core, no sideways scrolling. Screenshots go to test/artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { startCollector, type TestCollector } from '../support/collector';
import { accessibilityViolations, SIZES, scrollsSideways, tabTo, watchedPage } from '../support/console-page';
import { emailsInVariant, seedVariant } from '../support/experiment-seed';

const ARTIFACTS = join(import.meta.dirname, '../artifacts/console');
const OWNER = { email: 'owner@shop.example', password: 'a long console password' };
// A fixed key: the advocates' addresses are picked by the assignment hash under it.
const API_KEY = 'console-experiment-browser-api-key-01';
const LONG_VARIANT = 'double-reward-for-the-winter-holidays-v2';
const SHOP_NAME = 'Fern & Field Botanical Emporium and Garden Supplies';
const VARIANTS = [
  { id: 'control', weight: 1 },
  { id: LONG_VARIANT, weight: 1, advocate_reward: { amount: 20, incentive: 'rebate', incentive_description: '€20 back' } },
];
// Runs no experiment: a campaign without `variants` would run the site's.
const WINTER = { id: 'winter', slug: 'winter-sale', name: 'Winter sale', tags: ['winter'], placement: 'post-purchase', variants: [] };

/**
 * The experiment, worked out by hand (Wilson 95% intervals, pooled two-sided z-tests):
 * control: 20 advocates + the 12 friends who bought (each friend's purchase makes an offer, all
 * placed in the control) = 32 offers; 10 shared (31.3%, 18.0–48.6%), 8 clicked (25.0%, 13.3–42.1%),
 * 2 referred (6.3%, 1.7–20.1%), 2 × €40 = €80, €2.50 per offer.
 * the long variant: 20 offers; 8 shared (40.0%, 21.9–61.3%; +8.8 points, z 0.65, p 0.52: not
 * significant), 14 clicked (70.0%, 48.1–85.5%; +45.0 points, z 3.20, p 0.0014: higher),
 * 10 referred (50.0%, 29.9–70.1%; +43.8 points, z 3.64, p 0.00027: higher), €400, €20.00 per offer.
 */
const EXPECTED = {
  control: {
    offers: { count: '32' },
    shares: { count: '10', rate: '31.3%', interval: '18.0% – 48.6%', detail: '10 of 32 offers shared' },
    clicks: { count: '8', rate: '25.0%', interval: '13.3% – 42.1%', detail: '8 of 32 offers clicked' },
    referrals: { count: '2', rate: '6.3%', interval: '1.7% – 20.1%', detail: '2 of 32 offers referred a friend' },
    revenue: { count: '€80.00', perOffer: '€2.50 per offer' },
  },
  [LONG_VARIANT]: {
    offers: { count: '20' },
    shares: { count: '8', rate: '40.0%', interval: '21.9% – 61.3%', detail: '8 of 20 offers shared', verdict: 'Not significantly different', against: '+8.8 points, p = 0.52' },
    clicks: { count: '14', rate: '70.0%', interval: '48.1% – 85.5%', detail: '14 of 20 offers clicked', verdict: 'Significantly higher', against: '+45.0 points, p = 0.0014' },
    referrals: { count: '10', rate: '50.0%', interval: '29.9% – 70.1%', detail: '10 of 20 offers referred a friend', verdict: 'Significantly higher', against: '+43.8 points, p < 0.001' },
    revenue: { count: '€400.00', perOffer: '€20.00 per offer' },
  },
} as const;

describe.skipIf(!browserSuitesRun('console experiment'))("the console's campaigns and experiment results in Chromium", () => {
  let browser: Browser;
  let collector: TestCollector;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    expect(LONG_VARIANT.length).toBe(40);
    collector = await startCollector({ apiKey: API_KEY, admin: OWNER, site: { name: SHOP_NAME, currency: 'EUR', approval: { mode: 'manual' }, variants: VARIANTS, campaigns: [WINTER] } });
    const friends = emailsInVariant(VARIANTS, API_KEY, 'control', 12, 'friend');
    const control = await seedVariant(collector, { advocates: emailsInVariant(VARIANTS, API_KEY, 'control', 20, 'c'), shared: 10, clicked: 8, referred: 2, subtotal: 40, friends: friends.slice(0, 2) });
    const variant = await seedVariant(collector, { advocates: emailsInVariant(VARIANTS, API_KEY, LONG_VARIANT, 20, 'd'), shared: 8, clicked: 14, referred: 10, subtotal: 40, friends: friends.slice(2) });
    // The addresses landed where the hash said: the numbers above hold.
    expect(new Set([...control.advocateVariants, ...control.friendVariants, ...variant.friendVariants])).toEqual(new Set(['control']));
    expect(new Set(variant.advocateVariants)).toEqual(new Set([LONG_VARIANT]));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
  });

  /** One row of a variant's table, cell by cell. */
  async function row(page: Page, variant: string, step: string) {
    const cells = page.locator(`[data-variant="${variant}"] tr[data-step="${step}"]`);
    const text = async (selector: string) => ((await cells.locator(selector).count()) ? (await cells.locator(selector).first().textContent())?.trim() : undefined);
    return {
      count: await text('td:nth-child(2)'),
      rate: await text('.rate'),
      interval: await text('.interval'),
      detail: (await cells.locator('.rate-cell .sub').count()) > 1 ? (await cells.locator('.rate-cell .sub').nth(1).textContent())?.trim() : undefined,
      verdict: await text('.verdict'),
      against: await text('.verdict-cell .sub'),
      perOffer: step === 'revenue' ? await text('.rate-cell') : undefined,
    };
  }

  for (const size of SIZES) {
    it(`shows each variant's funnel, rates, intervals and verdict, reached by keyboard, at ${size.name} size`, async () => {
      const tag = size.name;
      const { context, page, problems } = await watchedPage(browser, size.options);
      const checked = async (step: string) => {
        await page.screenshot({ path: join(ARTIFACTS, `${tag}-campaigns-${step}.png`), fullPage: true });
        expect(await accessibilityViolations(page), `axe-core on ${step}`).toEqual([]);
        expect(await scrollsSideways(page), `${step} scrolls sideways`).toBe(false);
        expect(problems).toEqual([]);
      };

      await page.goto(`${collector.url}/console`);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Review queue', level: 1 }).waitFor();

      // By keyboard: (on a phone, the menu first) Tab to "Campaigns" in the navigation, Enter.
      if (tag === 'phone') {
        await tabTo(page, page.getByRole('button', { name: 'Menu' }));
        await page.keyboard.press('Enter');
      }
      await tabTo(page, page.getByRole('link', { name: 'Campaigns', exact: true }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/campaigns');

      // The campaigns: the site's own (running the experiment) first, then the configured one without.
      const campaigns = page.locator('.campaign-item');
      await expect.poll(() => campaigns.count()).toBe(2);
      expect(await campaigns.nth(0).textContent()).toContain(SHOP_NAME);
      expect(await campaigns.nth(0).textContent()).toContain('A/B experiment: see the results below');
      expect(await campaigns.nth(1).textContent()).toContain('Winter sale');
      expect(await campaigns.nth(1).textContent()).toContain('No A/B experiment');

      // The results, one table per variant, the control first.
      await expect.poll(() => page.locator('[data-variant]').count()).toBe(2);
      expect(await page.locator('[data-variant]').evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-variant')))).toEqual(['control', LONG_VARIANT]);
      for (const [variant, steps] of Object.entries(EXPECTED)) {
        for (const [step, expected] of Object.entries(steps)) {
          expect(await row(page, variant, step), `${variant} ${step}`).toMatchObject(expected);
        }
      }
      // The control is not compared with itself; the variant says where it differs.
      expect(await page.locator('[data-variant="control"] .verdict-cell').count()).toBe(0);
      expect(await page.locator(`[data-variant="${LONG_VARIANT}"] .variant-verdict`).textContent()).toBe('Significantly different from the control in clicks, referrals.');
      expect(await page.locator('[data-variant="control"]').textContent()).toContain('50.0% of new advocates.');
      await checked('1-results');
      // The variant with the long id on its own, to look at closely.
      await page.locator(`[data-variant="${LONG_VARIANT}"]`).screenshot({ path: join(ARTIFACTS, `${tag}-campaigns-1-variant.png`) });

      // The campaign's link to its results, by keyboard: the results section is where the focus goes on.
      const toResults = page.getByRole('link', { name: 'A/B experiment: see the results below' });
      await page.locator('#campaigns-title').focus();
      await tabTo(page, toResults, 10);
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).hash).toMatch(/^#experiment-/);
      expect(await page.locator(`${new URL(page.url()).hash} h2`).isVisible()).toBe(true);
      await checked('2-results-linked');
      await context.close();
    });
  }
});
