// The load generator's own process (started by load-test.ts): autocannon runs here, never on the
// event loop of the bench runner, which starts and watches the servers under test. One run per
// process: it gets its options over IPC, answers with autocannon's figures and exits.
import autocannon from 'autocannon';
import type { LoadRequest, LoadCounts } from './load-test';
import { planRequest } from './request-plan';

/** Longest answer autocannon waits for; beyond it the request counts as an error. Past any run's length, so a slow server shows in latency, not in lost requests. */
const TIMEOUT_IN_SECONDS = 30;

process.once('message', (message: LoadRequest) => {
  void run(message).then(
    (counts) => process.send!(counts, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

async function run(options: LoadRequest): Promise<LoadCounts> {
  let sequence = options.plan.nextSequence;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationInSeconds,
    timeout: TIMEOUT_IN_SECONDS,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const next = planRequest(options.plan, sequence++);
          return { ...request, method: next.method, path: next.path, body: next.body, headers: { ...request.headers, ...next.headers } };
        },
      },
    ],
  });
  return {
    statuses: { '1xx': result['1xx'], '2xx': result['2xx'], '3xx': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
    durationInSeconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    nextSequence: sequence,
  };
}
