import { chromium, type Browser } from 'playwright-core';
import { startChildServer } from './support/child-server';
import { startHostPageServer } from './support/host-page';
import { mainThreadTime, TRACE_CATEGORIES } from './support/main-thread-trace';
import { seedStore } from './support/seed-store';
import type { BenchSettings } from './support/settings';
import { interleave, median, round } from './support/stats';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** How long the page is watched after the widget appears (or after load, without it): late shifts count. */
const SETTLE_IN_MS = 2000;
/** The loader waits for load and an idle moment (at most 3 s) before it fetches the widget. */
const WIDGET_APPEARS_WITHIN_IN_MS = 10_000;

/** One page load, as measured. */
interface PageLoad {
  beforeLoadMs: number;
  scriptsBeforeLoadMs: number;
  totalMs: number;
  layoutShift: number;
}

export interface PageSide {
  /** Medians over the loads. */
  mainThreadBeforeLoadMs: number;
  /** The collector's scripts (the loader) compiling and running before load. */
  vouchScriptsBeforeLoadMs: number;
  mainThreadTotalMs: number;
  layoutShift: number;
}

export interface HostPageCostResult {
  loads: number;
  without: PageSide;
  with: PageSide;
  /** with − without, of the medians. */
  addedBeforeLoadMs: number;
  addedTotalMs: number;
  addedLayoutShift: number;
}

/**
 * The same shop page with and without the merchant snippet, in headless Chromium, each load in
 * a fresh browser context (a first visit: nothing cached), alternating the two pages.
 */
export async function benchHostPageCost(settings: BenchSettings, workDir: string): Promise<HostPageCostResult> {
  const file = join(workDir, 'host-page.sqlite');
  await seedStore(file, { referrals: 0, waitingFriends: 0 });
  const collector = await startChildServer('collector', [file]);
  const pages = await startHostPageServer(collector.url);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const load = (url: string, expectWidget: boolean) => loadPage(browser, url, expectWidget, collector.url);
    await load(pages.withUrl, true);
    await load(pages.withoutUrl, false);
    const samples = await interleave(settings.pageLoads, () => load(pages.withUrl, true), () => load(pages.withoutUrl, false));
    const side = (loads: PageLoad[]): PageSide => ({
      mainThreadBeforeLoadMs: round(median(loads.map((l) => l.beforeLoadMs))),
      vouchScriptsBeforeLoadMs: round(median(loads.map((l) => l.scriptsBeforeLoadMs))),
      mainThreadTotalMs: round(median(loads.map((l) => l.totalMs))),
      layoutShift: round(median(loads.map((l) => l.layoutShift)), 4),
    });
    const withSnippet = side(samples.a);
    const without = side(samples.b);
    return {
      loads: settings.pageLoads,
      without,
      with: withSnippet,
      addedBeforeLoadMs: round(withSnippet.mainThreadBeforeLoadMs - without.mainThreadBeforeLoadMs),
      addedTotalMs: round(withSnippet.mainThreadTotalMs - without.mainThreadTotalMs),
      addedLayoutShift: round(withSnippet.layoutShift - without.layoutShift, 4),
    };
  } finally {
    await browser.close();
    await pages.close();
    await collector.stop();
  }
}

async function loadPage(browser: Browser, url: string, expectWidget: boolean, collectorUrl: string): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { __vouchBenchShifts: number[] }).__vouchBenchShifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(url, { waitUntil: 'load' });
    if (expectWidget) await page.waitForSelector('vouch-widget', { state: 'attached', timeout: WIDGET_APPEARS_WITHIN_IN_MS });
    await page.waitForTimeout(SETTLE_IN_MS);
    const layoutShift = await page.evaluate(() =>
      (window as unknown as { __vouchBenchShifts: number[] }).__vouchBenchShifts.reduce((sum, value) => sum + value, 0),
    );
    const trace = await browser.stopTracing();
    return { ...mainThreadTime(trace, url, collectorUrl), layoutShift };
  } finally {
    await context.close();
  }
}
