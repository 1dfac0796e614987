/**
 * What the Chromium tests of Vouch's pages share: the two screen sizes, a page that reaches no
 * other host and collects its errors, axe-core run inside the page, what reaches past or scrolls
 * beyond the screen's sides, and reaching an element by Tab alone.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const SIZES: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

/**
 * A new page at `options`' size that reaches only this machine (every other host is refused, so
 * nothing a test shows comes from the internet) and collects what went wrong in it: uncaught
 * errors and Content Security Policy refusals, one line each.
 */
export async function watchedPage(browser: Browser, options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const problems: string[] = [];
  const context = await browser.newContext(options);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return { context, page, problems };
}

/** Runs axe-core in the page as it is now; answers one line per violation (rule, impact, where). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not stop it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/** The boxes of `locator`'s elements that reach past the viewport's sides, as "tag text: left..right". */
export async function outsideViewport(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) =>
    elements.flatMap((element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0) return [];
      return box.left < 0 || box.right > window.innerWidth + 0.5 ? [`${element.tagName} ${element.textContent?.slice(0, 40)}: ${box.left}..${box.right} of ${window.innerWidth}`] : [];
    }),
  );
}

/** Whether the page scrolls sideways (something is wider than the viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** Presses Tab until `target` has the focus (at most `limit` times): the page must be reachable by keyboard. */
export async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}
