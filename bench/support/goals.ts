import { COLD_START_BUDGET_IN_MS, IDLE_MEMORY_BUDGET_IN_MIB } from '../cold-start';
import { CONSOLE_QUERY_BUDGET_IN_MS } from '../console-queries';
import { CONSOLE_BUDGET_IN_GZIP_BYTES, LOADER_BUDGET_IN_GZIP_BYTES, WIDGET_BUDGET_IN_GZIP_BYTES, WIDGET_LATER_BUDGET_IN_GZIP_BYTES, type Weight } from '../widget-weight';
import type { PairedLoadResult } from './paired-load';
import { ran, type BenchResults } from './results';

/** The performance goals of issue 23, as ratios measured in the same run. */
export const CLAIM_REDIRECT_MIN_RATIO = 0.5;
export const DURABLE_PURCHASE_MIN_RATIO = 0.9;
/** The durable purchase's p99 at 500 connections: an absolute goal, a shop's checkout waits for it. */
export const DURABLE_PURCHASE_MAX_P99_IN_MS = 100;
export const CLICK_THRESHOLDS_MIN_RATIO = 0.9;
export const ATTRIBUTION_MAX_RATIO = 1.2;
/** `npm run bench:postgres`: one instance's purchases against SQLite's on the same machine. */
export const POSTGRES_PURCHASE_MIN_RATIO = 0.8;

/** One line of the table: a figure, what it is compared with, and the goal when there is one. */
export interface Row {
  measurement: string;
  subject: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** null: no goal, or the part did not run. */
  met: boolean | null;
}

const bytes = (n: number) => `${n} B`;
const perSecond = (side: { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number }) =>
  side.requestsPerSecond === 0
    ? 'no answer within the run'
    : `${side.requestsPerSecond} req/s, p50 ${side.p50Ms} / p99 ${side.p99Ms} ms${side.errors ? `, ${side.errors} errors` : ''}`;

/** The table rows for a run's results, goals checked. */
export function resultRows(results: BenchResults): Row[] {
  const rows: Row[] = [];
  const skipped = (measurement: string, reason: string) => rows.push({ measurement, subject: `not run: ${reason}`, baseline: '', ratio: '', goal: '', met: null });

  const weight = results.widgetWeight;
  if (!ran(weight)) skipped('widget weight', weight.skipped);
  else if (!weight.built) skipped('widget weight', weight.reason);
  else {
    const weights = [['loader', weight.loader, LOADER_BUDGET_IN_GZIP_BYTES], ['widget', weight.widget, WIDGET_BUDGET_IN_GZIP_BYTES]] as [string, Weight, number][];
    if (weight.later) weights.push(['widget parts loaded on use', weight.later, WIDGET_LATER_BUDGET_IN_GZIP_BYTES]);
    if (weight.console) weights.push(['console', weight.console, CONSOLE_BUDGET_IN_GZIP_BYTES]);
    for (const [label, w, budget] of weights) {
      rows.push({
        measurement: `${label} weight, gzip (raw, brotli)`,
        subject: `${bytes(w.gzipBytes)} (${bytes(w.rawBytes)}, br ${bytes(w.brotliBytes)})`,
        baseline: `budget ${bytes(budget)}`,
        ratio: (w.gzipBytes / budget).toFixed(3),
        goal: `≤ ${bytes(budget)} gzip`,
        met: w.gzipBytes <= budget,
      });
    }
  }

  const start = results.coldStart ?? { skipped: 'not in these results' };
  if (!ran(start)) skipped('collector cold start', start.skipped);
  else {
    const rounds = `median of ${start.rounds}`;
    rows.push({
      measurement: 'collector cold start to first /healthz 200, built',
      subject: `${start.built.startMs} ms (${rounds})`,
      baseline: `through tsx: ${start.tsx.startMs} ms; bare Node http: ${start.bareNode.startMs} ms`,
      ratio: start.startRatio.toFixed(3),
      goal: `≤ ${COLD_START_BUDGET_IN_MS} ms`,
      met: start.built.startMs <= COLD_START_BUDGET_IN_MS,
    });
    rows.push({
      measurement: 'collector start: CPU time used by the first /healthz 200, built',
      subject: `${start.built.startCpuMs} ms (${rounds})`,
      baseline: `through tsx: ${start.tsx.startCpuMs} ms; bare Node http: ${start.bareNode.startCpuMs} ms`,
      ratio: (start.built.startCpuMs / start.tsx.startCpuMs).toFixed(3),
      goal: '',
      met: null,
    });
    rows.push({
      measurement: 'collector idle memory (RSS) after start, built',
      subject: `${start.built.idleRssMiB} MiB (${rounds})`,
      baseline: `through tsx: ${start.tsx.idleRssMiB} MiB; bare Node http: ${start.bareNode.idleRssMiB} MiB`,
      ratio: start.memoryRatio.toFixed(3),
      goal: `≤ ${IDLE_MEMORY_BUDGET_IN_MIB} MiB`,
      met: start.built.idleRssMiB <= IDLE_MEMORY_BUDGET_IN_MIB,
    });
  }

  const page = results.hostPageCost;
  if (!ran(page)) skipped('host page cost', page.skipped);
  else {
    const loads = `median of ${page.loads}`;
    rows.push({
      measurement: 'host page: main thread before load',
      subject: `+${page.addedBeforeLoadMs} ms (with ${page.with.mainThreadBeforeLoadMs} ms; loader script ${page.with.vouchScriptsBeforeLoadMs} ms)`,
      baseline: `without ${page.without.mainThreadBeforeLoadMs} ms`,
      ratio: '',
      goal: loads,
      met: null,
    });
    rows.push({
      measurement: 'host page: main thread to load + 2 s after widget',
      subject: `+${page.addedTotalMs} ms (with ${page.with.mainThreadTotalMs} ms)`,
      baseline: `without ${page.without.mainThreadTotalMs} ms`,
      ratio: '',
      goal: loads,
      met: null,
    });
    rows.push({ measurement: 'host page: layout shift added', subject: String(page.addedLayoutShift), baseline: `without ${page.without.layoutShift}`, ratio: '', goal: '0', met: page.addedLayoutShift === 0 });
  }

  const throughputRows = (name: string, ceiling: string, runs: readonly PairedLoadResult[], goal: number | null) => {
    for (const run of runs) {
      rows.push({
        measurement: `${name}, ${run.connections} conn`,
        subject: perSecond(run.subject),
        baseline: `${ceiling}: ${perSecond(run.ceiling)}`,
        ratio: run.throughputRatio.toFixed(3),
        goal: goal === null ? '' : `≥ ${goal}`,
        met: goal === null ? null : run.throughputRatio >= goal,
      });
    }
  };
  const claim = results.claimRedirect;
  if (!ran(claim)) skipped('claim redirect GET /x/:code', claim.skipped);
  else {
    throughputRows('claim redirect GET /x/:code', 'bare Hono 302', claim.runs, CLAIM_REDIRECT_MIN_RATIO);
    if (claim.durableRuns) throughputRows('claim redirect GET /x/:code vs a raw durable click', 'raw better-sqlite3, same rows, group commit', claim.durableRuns, null);
  }
  const thresholds = results.clickThresholds ?? { skipped: 'not in these results' };
  if (!ran(thresholds)) skipped('popular link with a click threshold', thresholds.skipped);
  else throughputRows("popular advocate's link, site with a click threshold", 'the same link, no threshold', thresholds.runs, CLICK_THRESHOLDS_MIN_RATIO);
  const purchase = results.durablePurchase;
  if (!ran(purchase)) skipped('durable purchase POST /api/v2/origins', purchase.skipped);
  else {
    throughputRows('durable purchase POST /api/v2/origins', 'raw better-sqlite3', purchase.runs, DURABLE_PURCHASE_MIN_RATIO);
    const busiest = purchase.runs.find((run) => run.connections === 500);
    if (busiest) {
      rows.push({
        measurement: 'durable purchase p99, 500 conn',
        subject: `${busiest.subject.p99Ms} ms`,
        baseline: `raw better-sqlite3: ${busiest.ceiling.p99Ms} ms`,
        ratio: (busiest.subject.p99Ms / DURABLE_PURCHASE_MAX_P99_IN_MS).toFixed(3),
        goal: `< ${DURABLE_PURCHASE_MAX_P99_IN_MS} ms`,
        met: busiest.subject.p99Ms < DURABLE_PURCHASE_MAX_P99_IN_MS,
      });
    }
  }

  const attribution = results.attributionScale;
  if (!ran(attribution)) skipped('attribution at scale', attribution.skipped);
  else {
    const { small, large } = attribution;
    rows.push({
      measurement: `attribution: friend purchase, ${large.storedReferrals} vs ${small.storedReferrals} referrals`,
      subject: `${large.medianMs} ms (n=${large.purchases}${attribution.cutShort ? ', cut short by the time budget' : ''})`,
      baseline: `${small.medianMs} ms (n=${small.purchases})`,
      ratio: attribution.ratio.toFixed(2),
      goal: `≤ ${ATTRIBUTION_MAX_RATIO}`,
      met: attribution.ratio <= ATTRIBUTION_MAX_RATIO,
    });
  }

  const consoleQueries = results.consoleQueries ?? { skipped: 'not in these results' };
  if (!ran(consoleQueries)) skipped('console queries', consoleQueries.skipped);
  else {
    const store = `${consoleQueries.storedReferrals} referrals over ${consoleQueries.days} days, ${consoleQueries.advocates} advocates`;
    for (const [label, timing, goal] of [
      ['console overview, last 30 days', consoleQueries.overview, true],
      ['console review queue, first page', consoleQueries.reviewQueue, true],
      ["console look-up of an advocate's email", consoleQueries.lookup, false],
      ['console advocates ranking, first page', consoleQueries.advocatesRanking, true],
    ] as const) {
      rows.push({
        measurement: label,
        subject: `median ${timing.medianMs} ms, p95 ${timing.p95Ms} ms (n=${timing.runs})`,
        baseline: store,
        ratio: '',
        goal: goal ? `≤ ${CONSOLE_QUERY_BUDGET_IN_MS} ms` : '',
        met: goal ? timing.p95Ms <= CONSOLE_QUERY_BUDGET_IN_MS : null,
      });
    }
  }
  return rows;
}
