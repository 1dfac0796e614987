/**
 * The console's insight pages in real Chromium against the real collector, at a desktop and a
 * phone size, on a known history made through the API today: two advocates (one with a 60+
 * character address), a referral approved and one voided by the shop's server, one pending, and
 * a blocked self-referral. The overview's totals, chart and table; the period picker and the
 * look-up by keyboard; the self-referral's reason and an order's timeline; the advocates ranked
 * and one advocate's page; CSV exports fetched with the page's own cookie. axe-core on each page;
 * screenshots go to test/artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { followClaimLink } from '../support/claim-link';
import { purchase, type TestCollector, startCollector } from '../support/collector';
import { accessibilityViolations, outsideViewport, SIZES, tabTo, watchedPage } from '../support/console-page';
import { makeReferral, setStatus } from '../support/referrals';
import type { OverviewResult } from '../../collector/contract/console-api';

const ARTIFACTS = join(import.meta.dirname, '../artifacts/console');
const OWNER = { email: 'owner@shop.example', password: 'a long console password' };
const LONG_ADVOCATE = 'alexandra.konstantinopoulou-whitfield+referrals@example-store.co.uk';
const OTHER_ADVOCATE = 'ben.advocate@example.com';
const SELF_REFERRER = 'sam.self@example.com';

/** Today as the overview counts it: a UTC day. */
const today = () => new Date().toISOString().slice(0, 10);

/** A CSV body's records (no field of these tests holds a line break), the header first. */
function csvRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((match) => match[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1));
}

describe.skipIf(!browserSuitesRun('console insight'))('the console overview, look-up, advocates and exports in Chromium', () => {
  let browser: Browser;
  let collector: TestCollector;
  const referralIds: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    expect(LONG_ADVOCATE.length).toBeGreaterThanOrEqual(60);
    collector = await startCollector({ admin: OWNER, site: { approval: { mode: 'manual' } } });
    // The known history, all of it today.
    const approved = await makeReferral(collector, { advocate: LONG_ADVOCATE, friend: 'fay.friend@example.com', order: 'I-1', subtotal: 50 });
    const voided = await makeReferral(collector, { advocate: LONG_ADVOCATE, friend: 'gus.friend@example.com', order: 'I-2', subtotal: 30 });
    const pending = await makeReferral(collector, { advocate: OTHER_ADVOCATE, friend: 'hal.friend@example.com', order: 'I-3', subtotal: 20 });
    expect((await setStatus(collector, approved.originSlug, 'approved')).status).toBe(200);
    expect((await setStatus(collector, voided.originSlug, 'voided')).status).toBe(200);
    // A self-referral: the advocate buys again through their own link with the same email. Blocked.
    const first = await collector.post('/api/v2/origins', purchase(collector, { email: SELF_REFERRER, order_number: 'S-1', subtotal: 30 }));
    const { uuid } = await followClaimLink(first.body.result.offer.claim_url);
    const again = await collector.post('/api/v2/origins', purchase(collector, { email: SELF_REFERRER, order_number: 'S-2', subtotal: 30, uuid }));
    expect(again.body.result.referral.status).toBe('blocked');
    Object.assign(referralIds, { approved: approved.referral.id, voided: voided.referral.id, pending: pending.referral.id, blocked: again.body.result.referral.id });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
  });

  for (const size of SIZES) {
    it(`shows the overview, looks up, ranks advocates and exports CSV at ${size.name} size`, async () => {
      const tag = size.name;
      const { context, page, problems } = await watchedPage(browser, size.options);
      const checked = async (step: string) => {
        await page.screenshot({ path: join(ARTIFACTS, `${tag}-insight-${step}.png`), fullPage: true });
        expect(await accessibilityViolations(page), `axe-core on ${step}`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${step} scrolls sideways`).toBe(true);
      };
      const open = async (label: string) => {
        if (tag === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByRole('link', { name: label, exact: true }).click();
        await page.getByRole('heading', { name: label, level: 1 }).waitFor();
      };
      const stat = (label: string) => page.locator(`[data-stat="${label}"] .stat-value`).textContent();

      await page.goto(`${collector.url}/console/overview`);
      await page.getByLabel('Email').fill(OWNER.email);
      await page.getByLabel('Password').fill(OWNER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signed in at the address asked for: the overview, the first entry of the navigation.
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
      if (tag === 'desktop') expect(await page.getByRole('link', { name: 'Overview', exact: true }).getAttribute('aria-current')).toBe('page');

      // 1. The overview of the last 30 days: the totals of the known history.
      await expect.poll(() => stat('Referrals')).toBe('4');
      const counts = async () => Object.fromEntries(await page.locator('.status-counts li').evaluateAll((items) => items.map((item) => [item.getAttribute('data-status'), item.querySelector('.strong')?.textContent])));
      expect(await counts()).toEqual({ approved: '1', pending: '1', flagged: '0', blocked: '1', voided: '1' });
      // Referred revenue: the approved (50) and the pending (20) referral's orders; voided and blocked ones do not count.
      expect(await stat('Referred revenue')).toBe('70.00');
      // The rest as the collector counts it (its own tests pin those rules), here shown unchanged.
      const api = await page.evaluate(async (url) => ((await (await fetch(url)).json()) as { result: OverviewResult }).result, `/console/api/sites/test-shop/overview?from=${today()}&to=${today()}`);
      expect(await stat('Claim clicks')).toBe(String(api.totals.claim_clicks));
      expect(api.totals.claim_clicks).toBeGreaterThanOrEqual(4);
      expect(await stat('Friend purchases')).toBe(String(api.totals.friend_purchases));
      expect(await stat('Offers created')).toBe(String(api.totals.offers_created));
      expect(await page.locator('[data-stat="Referred revenue"] .stat-hint').textContent()).toContain(`of all revenue (${api.totals.purchase_revenue.toFixed(2)})`);
      // One bar group per day of the 30, today's holding the four referrals.
      await expect.poll(() => page.locator('.chart-day').count()).toBe(30);
      expect(await page.locator(`.chart-day[data-day="${today()}"]`).getAttribute('data-total')).toBe('4');
      expect(await page.locator(`.chart-day[data-day="${today()}"] .chart-bar`).count()).toBe(4);
      expect(await page.locator('svg[role=img]').getAttribute('aria-labelledby')).toBe('overview-chart-title overview-chart-desc');
      expect(await page.locator('#overview-chart-desc').textContent()).toContain('30 days, one bar each. In all 4');
      await checked('1-overview');

      // 2. The period picker by keyboard: Tab to "7 days", Enter: seven bars, and the period in the address.
      const sevenDays = page.getByRole('button', { name: '7 days' });
      await page.locator('#overview-title').focus();
      await tabTo(page, sevenDays);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.chart-day').count()).toBe(7);
      expect(new URL(page.url()).search).toBe('?days=7');
      expect(await sevenDays.getAttribute('aria-pressed')).toBe('true');
      // The table has the same numbers: seven rows, today's with the four statuses.
      await tabTo(page, page.locator('summary', { hasText: 'Show the numbers per day as a table' }));
      await page.keyboard.press('Enter');
      const days = page.locator('[data-table=days] tbody tr');
      await expect.poll(() => days.count()).toBe(7);
      const todayCells = await page.locator(`[data-table=days] tr[data-day="${today()}"] td`).allTextContents();
      // Offers, shares, clicks, purchases, approved, pending, flagged, blocked, voided, referred revenue.
      expect(todayCells).toEqual([String(api.totals.offers_created), String(api.totals.shares), String(api.totals.claim_clicks), String(api.totals.friend_purchases), '1', '1', '0', '1', '1', '70.00']);
      // Another metric: claim clicks per day.
      await page.getByRole('button', { name: 'Claim clicks', exact: true }).click();
      expect(await page.locator(`.chart-day[data-day="${today()}"]`).getAttribute('data-total')).toBe(String(api.totals.claim_clicks));
      await checked('2-overview-week-table');
      // A custom period by keyboard: Custom, the two days, Enter.
      await tabTo(page, page.getByRole('button', { name: 'Custom' }));
      await page.keyboard.press('Enter');
      // Chromium's date field takes the digits in the browser's order (month, day, year here) and moves on by itself.
      const from = page.getByLabel('From', { exact: true });
      const to = page.getByLabel('To', { exact: true });
      await tabTo(page, from, 10);
      await page.keyboard.type('01012026');
      await tabTo(page, to, 5);
      await page.keyboard.type('01032026');
      expect([await from.inputValue(), await to.inputValue()]).toEqual(['2026-01-01', '2026-01-03']);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.empty-title').textContent()).toBe('Nothing happened in this period yet.');
      expect(new URL(page.url()).search).toBe('?from=2026-01-01&to=2026-01-03');
      await checked('3-overview-empty');

      // 3. Export the referrals of today from the overview: the link works with the page's cookie.
      await page.goto(`${collector.url}/console/overview?from=${today()}&to=${today()}`);
      const exportLink = page.getByRole('link', { name: /^Export CSV — the referrals of / });
      await exportLink.waitFor();
      const csv = await page.evaluate(async (href) => {
        const response = await fetch(href);
        return { status: response.status, disposition: response.headers.get('content-disposition'), text: await response.text() };
      }, (await exportLink.getAttribute('href'))!);
      expect(csv.status).toBe(200);
      expect(csv.disposition).toMatch(/^attachment; filename="referrals-test-shop-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = csvRows(csv.text);
      const header = rows[0]!;
      const byId = new Map(rows.slice(1).map((row) => [row[header.indexOf('referral_id')], row]));
      expect(byId.size).toBe(4);
      expect(byId.get(referralIds.approved!)![header.indexOf('status')]).toBe('approved');
      expect(byId.get(referralIds.approved!)![header.indexOf('advocate_email')]).toBe(LONG_ADVOCATE);
      expect(byId.get(referralIds.blocked!)![header.indexOf('status')]).toBe('blocked');
      expect(byId.get(referralIds.pending!)![header.indexOf('order_number')]).toBe('I-3');

      // The review queue's export follows the queue on screen: the blocked one only.
      await open('Review queue');
      await page.getByRole('button', { name: 'Blocked' }).click();
      await page.locator('tr[data-referral]', { hasText: SELF_REFERRER }).waitFor();
      const queueExport = page.getByRole('link', { name: 'Export CSV — every blocked referral' });
      const queueCsv = csvRows(await page.evaluate(async (href) => (await fetch(href)).text(), (await queueExport.getAttribute('href'))!));
      expect(queueCsv.slice(1).map((row) => row[0])).toEqual([referralIds.blocked]);

      // 4. Look up the blocked self-referral by keyboard: its reason, in words, before the timeline.
      await open('Look-up');
      await checked('4-lookup-start');
      const search = page.getByLabel('Email, order number, coupon code or short code');
      await tabTo(page, search);
      await page.keyboard.type(SELF_REFERRER);
      await page.keyboard.press('Enter');
      const answer = page.locator(`.answer[data-referral="${referralIds.blocked}"]`);
      await answer.waitFor();
      expect(await answer.locator('.answer-text').textContent()).toMatch(/^blocked: self-referral — /);
      expect(new URL(page.url()).searchParams.get('q')).toBe(SELF_REFERRER);
      // The keyboard moved on to the answer.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(SELF_REFERRER);
      const kinds = await page.locator('.timeline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-kind')));
      expect(kinds).toContain('referral');
      const times = await page.locator('.timeline-entry time').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('datetime')!));
      expect([...times].sort()).toEqual(times);
      await checked('5-lookup-self-referral');

      // An order: its timeline, oldest first, with the referral's status history; and a shared link opens the same.
      await page.goto(`${collector.url}/console/lookup?q=I-2`);
      const voidedAnswer = page.locator(`.answer[data-referral="${referralIds.voided}"]`);
      await voidedAnswer.waitFor();
      expect(await voidedAnswer.textContent()).toMatch(/voided/);
      expect(await page.locator('h2.section-title').first().textContent()).toBe('About the order I-2');
      const orderKinds = await page.locator('.timeline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-kind')));
      expect(orderKinds).toEqual(expect.arrayContaining(['origin', 'referral']));
      expect(await page.locator('.timeline-entry[data-kind=referral] .explanation').textContent()).toMatch(/^voided/);
      await checked('6-lookup-order');
      // A long address fits on the screen.
      await search.fill(LONG_ADVOCATE);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.locator('h2.section-title', { hasText: LONG_ADVOCATE }).waitFor();
      expect(await outsideViewport(page.locator('.section-title, .answer, .timeline-summary, .explanation'))).toEqual([]);
      await checked('7-lookup-long-email');
      // Nothing matches: it says so, and what can be searched.
      await search.fill('nobody-at-all@example.com');
      await search.press('Enter');
      await expect.poll(() => page.locator('[data-lookup=none]').textContent()).toContain('Nothing matches “nobody-at-all@example.com”.Search for an email address, an order number');
      await checked('8-lookup-none');

      // 5. Advocates, ranked: the one with an approved referral first.
      await open('Advocates');
      const ranked = page.locator('tr[data-advocate]');
      await ranked.first().waitFor();
      expect(await ranked.first().textContent()).toContain(LONG_ADVOCATE);
      expect(await ranked.first().locator('[data-label=Approved]').textContent()).toBe('1');
      expect(await ranked.first().locator('[data-label="Referred revenue"]').textContent()).toBe('50.00');
      const other = ranked.filter({ hasText: OTHER_ADVOCATE });
      expect(await other.locator('[data-label=Referrals]').textContent()).toBe('1');
      expect(await outsideViewport(ranked.first().locator('td, a, .email'))).toEqual([]);
      await checked('9-advocates');
      await ranked.first().getByRole('link').click();
      await page.getByRole('heading', { name: /Ann|alexandra/, level: 1 }).waitFor();
      await expect.poll(() => stat('Referrals')).toBe('2');
      expect(await stat('Approved')).toBe('1');
      expect(await stat('Voided')).toBe('1');
      expect(await page.locator('tr[data-referral]').count()).toBe(2);
      expect(await page.locator(`tr[data-referral="${referralIds.voided}"]`).textContent()).toContain('gus.friend@example.com');
      expect(await outsideViewport(page.locator('.page-title, .page-heading, tr[data-referral] td'))).toEqual([]);
      await checked('10-advocate');

      await context.close();
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
