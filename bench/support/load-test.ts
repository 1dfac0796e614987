import autocannon from 'autocannon';

/** What one autocannon run measured. Latencies are in milliseconds, as autocannon reports them. */
export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationInSeconds: number;
  /** Makes the next request: a path, and for POST a JSON body. Called once per request. */
  nextRequest: () => { method: 'GET' | 'POST'; path: string; body?: unknown };
  /** The status class every answer must have, e.g. '3xx' for the claim redirect. */
  expectedStatus: '2xx' | '3xx';
}

/** Longest answer autocannon waits for; beyond it the request counts as an error. Past any run's length, so a slow server shows in latency, not in lost requests. */
const TIMEOUT_IN_SECONDS = 30;

/**
 * Runs autocannon against a server in another process. Throws when any answer has an
 * unexpected status: a fast error page must never pass for throughput.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationInSeconds,
    timeout: TIMEOUT_IN_SECONDS,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const next = options.nextRequest();
          return { ...request, method: next.method, path: next.path, body: next.body === undefined ? undefined : JSON.stringify(next.body) };
        },
      },
    ],
  });
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const unexpected = answered - result[options.expectedStatus];
  if (unexpected > 0) {
    throw new Error(
      `${options.url}: ${unexpected} of ${answered} answers were not ${options.expectedStatus} ` +
        `(2xx ${result['2xx']}, 3xx ${result['3xx']}, 4xx ${result['4xx']}, 5xx ${result['5xx']}), ${result.errors} connection errors`,
    );
  }
  return {
    requestsPerSecond: answered / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
    errors: result.errors,
  };
}
