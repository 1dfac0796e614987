import { runLoad, type LoadOptions, type LoadResult } from './load-test';
import { waitUntilIdle } from './process-idle';
import type { RequestPlan } from './request-plan';
import type { BenchSettings } from './settings';
import { interleave, median, round } from './stats';

/** One side of a pair: a server and the requests it gets. */
export interface LoadSide {
  url: string;
  /** The server's process, watched so each run starts once the previous one's backlog is done. */
  pid: number;
  /** Its requests; each side has a plan of its own, whose sequence moves on run after run. */
  plan: RequestPlan;
}

/** Medians over the interleaved rounds. */
export interface LoadSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts, summed over the rounds. */
  errors: number;
}

export interface PairedLoadResult {
  connections: number;
  subject: LoadSummary;
  ceiling: LoadSummary;
  /** Median over rounds of subject ÷ ceiling requests per second, each round's two runs taken back to back. */
  throughputRatio: number;
}

const WARM_UP_IN_SECONDS = 1;

/**
 * Loads the subject and its ceiling alternately at each connection count, after a short
 * warm-up of each (JIT, page cache), and reports medians and the same-run ratio.
 */
export async function pairedLoad(
  settings: BenchSettings,
  subject: LoadSide,
  ceiling: LoadSide,
  expectedStatus: LoadOptions['expectedStatus'],
): Promise<PairedLoadResult[]> {
  const run = async (side: LoadSide, connections: number, durationInSeconds: number) => {
    const result = await runLoad({ url: side.url, plan: side.plan, connections, durationInSeconds, expectedStatus });
    await waitUntilIdle(side.pid);
    return result;
  };
  await run(subject, 10, WARM_UP_IN_SECONDS);
  await run(ceiling, 10, WARM_UP_IN_SECONDS);

  const results: PairedLoadResult[] = [];
  for (const connections of settings.connectionCounts) {
    const samples = await interleave(
      settings.loadRounds,
      () => run(subject, connections, settings.loadDurationInSeconds),
      () => run(ceiling, connections, settings.loadDurationInSeconds),
    );
    const ratios = samples.a.map((sample, i) => sample.requestsPerSecond / samples.b[i]!.requestsPerSecond);
    results.push({ connections, subject: summarize(samples.a), ceiling: summarize(samples.b), throughputRatio: round(median(ratios), 3) });
  }
  return results;
}

function summarize(samples: LoadResult[]): LoadSummary {
  return {
    requestsPerSecond: Math.round(median(samples.map((s) => s.requestsPerSecond))),
    p50Ms: round(median(samples.map((s) => s.p50Ms))),
    p99Ms: round(median(samples.map((s) => s.p99Ms))),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
  };
}
