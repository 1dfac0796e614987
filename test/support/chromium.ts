import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable on this machine (Debian's `chromium` package), or undefined. */
export const chromiumPath = CANDIDATES.find((path): path is string => !!path && existsSync(path));

/**
 * Whether the browser suites run here. Without Chromium they are skipped with a clear message,
 * except under CI=true, where a missing browser must fail the run rather than pass it silently.
 */
export function browserSuitesRun(suite: string): boolean {
  if (chromiumPath) return true;
  const message = `Chromium not found (install Debian's "chromium" or set CHROMIUM_PATH): the ${suite} browser suite`;
  if (process.env.CI === 'true') throw new Error(`${message} cannot run, and CI requires it`);
  console.warn(`\n[vouch] ${message} is SKIPPED\n`);
  return false;
}

/** Launches headless Chromium with nothing that reaches beyond this machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
