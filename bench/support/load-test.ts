import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RequestPlan } from './request-plan';

/** What one load run measured. Latencies are in milliseconds, as autocannon reports them. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

export interface LoadOptions {
  url: string;
  connections: number;
  durationInSeconds: number;
  /** The requests, as data the load process makes them from; its nextSequence moves on after the run. */
  plan: RequestPlan;
  /** The status class every answer must have, e.g. '3xx' for the claim redirect. */
  expectedStatus: '2xx' | '3xx';
}

/** What the bench sends the load process. */
export type LoadRequest = Omit<LoadOptions, 'expectedStatus'>;

/** What the load process answers: answers per status class and autocannon's figures. */
export interface LoadCounts {
  statuses: Record<StatusClass, number>;
  durationInSeconds: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  nextSequence: number;
}

const LOAD_PROCESS = fileURLToPath(new URL('./load-process.ts', import.meta.url));

/**
 * Runs autocannon in a process of its own (load-process.ts) against a server in another, so the
 * load never shares an event loop with the server or the bench. Throws when any answer has an
 * unexpected status: a fast error page must never pass for throughput.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { expectedStatus, ...request } = options;
  const counts = await inLoadProcess(request);
  options.plan.nextSequence = counts.nextSequence;
  const answered = Object.values(counts.statuses).reduce((sum, n) => sum + n, 0);
  const unexpected = answered - counts.statuses[expectedStatus];
  if (unexpected > 0) {
    const { statuses } = counts;
    throw new Error(
      `${options.url}: ${unexpected} of ${answered} answers were not ${expectedStatus} ` +
        `(2xx ${statuses['2xx']}, 3xx ${statuses['3xx']}, 4xx ${statuses['4xx']}, 5xx ${statuses['5xx']}), ${counts.errors} connection errors`,
    );
  }
  return {
    requestsPerSecond: answered / counts.durationInSeconds,
    p50Ms: counts.p50Ms,
    p99Ms: counts.p99Ms,
    requests: answered,
    errors: counts.errors,
  };
}

function inLoadProcess(request: LoadRequest): Promise<LoadCounts> {
  return new Promise((resolve, reject) => {
    const child = fork(LOAD_PROCESS, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: LoadCounts | undefined;
    child.once('message', (message) => {
      answer = message as LoadCounts;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer) resolve(answer);
      else reject(new Error(`the load process exited with code ${code} before it answered`));
    });
    child.send(request);
  });
}
