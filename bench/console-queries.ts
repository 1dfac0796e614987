import { join } from 'node:path';
import { BENCH_CONSOLE_OWNER } from './support/bench-console-owner';
import { startChildServer } from './support/child-server';
import { seedConsoleStore } from './support/seed-console-store';
import type { BenchSettings } from './support/settings';
import { median, round } from './support/stats';

/** One console route's timings, in ms, over the timed runs. */
export interface ConsoleTiming {
  path: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
}

export interface ConsoleQueriesResult {
  storedReferrals: number;
  advocates: number;
  days: number;
  seedSeconds: number;
  overview: ConsoleTiming;
  reviewQueue: ConsoleTiming;
  advocatesRanking: ConsoleTiming;
  /** Not a goal: a figure to know. */
  lookup: ConsoleTiming;
}

/** The answer time the console's overview, review queue and advocates ranking must keep on the large store. */
export const CONSOLE_QUERY_BUDGET_IN_MS = 200;
const TIMED_RUNS = 20;
const WARM_UP_RUNS = 2;
const ADVOCATES = 50_000;
const DAYS = 90;

/**
 * The merchant console's heaviest reads on a store of 1 M referrals (100 k with --quick) spread
 * over 90 days from 50 k advocates: the overview of the last 30 days, the review queue's first
 * page and the advocates ranking's first page, through the real HTTP routes of a collector in its own process, signed in as the
 * console's owner; each timed 20 times one after another (after 2 untimed), median and p95.
 */
export async function benchConsoleQueries(settings: BenchSettings, workDir: string): Promise<ConsoleQueriesResult> {
  const referrals = settings.attributionSizes.large;
  const file = join(workDir, 'console.sqlite');
  const seedStarted = performance.now();
  const seeded = await seedConsoleStore(file, { referrals, advocates: Math.min(ADVOCATES, Math.ceil(referrals / 20)), days: DAYS, now: new Date() });
  const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);

  const server = await startChildServer('console-collector', [file]);
  try {
    const cookie = await signIn(server.url);
    const time = (path: string, check: (result: any) => void, runs = TIMED_RUNS) => timeRoute(server.url, cookie, path, check, runs);
    const overview = await time('/console/api/sites/test-shop/overview', (result) => {
      if (result.days.length !== 30 || result.totals.referrals.approved === 0) throw new Error(`the overview counted nothing: ${JSON.stringify(result.totals)}`);
    });
    const reviewQueue = await time('/console/api/sites/test-shop/review-queue', (result) => {
      if (seeded.pending > 0 && result.referrals.length === 0) throw new Error('the review queue is empty');
    });
    const lookup = await time(`/console/api/sites/test-shop/lookup?q=${encodeURIComponent(seeded.advocateEmail)}`, (result) => {
      if (!result.matched) throw new Error('the look-up found nothing');
    });
    const advocatesRanking = await time('/console/api/sites/test-shop/advocates', (result) => {
      if (result.advocates.length === 0 || result.advocates[0].approved_referrals === 0) throw new Error('the ranking is empty');
    });
    return { storedReferrals: referrals, advocates: Math.min(ADVOCATES, Math.ceil(referrals / 20)), days: DAYS, seedSeconds, overview, reviewQueue, lookup, advocatesRanking };
  } finally {
    await server.stop();
  }
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(BENCH_CONSOLE_OWNER),
  });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('vouch_session='));
  if (response.status !== 200 || !cookie) throw new Error(`signing in to the console failed: ${response.status} ${await response.text()}`);
  return cookie.split(';')[0]!;
}

async function timeRoute(url: string, cookie: string, path: string, check: (result: unknown) => void, runs: number): Promise<ConsoleTiming> {
  const samples: number[] = [];
  for (let run = 0; run < WARM_UP_RUNS + runs; run++) {
    const started = performance.now();
    const response = await fetch(`${url}${path}`, { headers: { cookie } });
    const answer = (await response.json()) as { ok: boolean; result?: unknown };
    const elapsed = performance.now() - started;
    if (response.status !== 200 || !answer.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    check(answer.result);
    if (run >= WARM_UP_RUNS) samples.push(elapsed);
  }
  return { path, runs: samples.length, medianMs: round(median(samples)), p95Ms: round(percentile(samples, 0.95)) };
}

/** The nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
