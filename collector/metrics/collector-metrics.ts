import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the outbox holds of one kind, read from the store at each scrape. */
export interface OutboxBacklog {
  kind: string;
  /** Messages waiting for an attempt (new ones and those waiting for a retry). */
  pending: number;
  /** Age in seconds of the oldest of them; 0 when none is waiting. */
  oldestPendingAgeInSeconds: number;
}

/** How the outcome of one delivery attempt is named in the metrics. */
export type AttemptOutcome = 'delivered' | 'suppressed' | 'retry' | 'failed' | 'disabled';

/** Where a store error was met: answering a request, or the outbox claiming or recording work. */
export type StoreErrorSource = 'request' | 'outbox';

/** Request latency buckets in seconds: a cached widget call is a few milliseconds, a slow store seconds. */
const LATENCY_BUCKETS_IN_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Delivery attempt buckets in seconds: a receiver answers in milliseconds or times out after seconds. */
const ATTEMPT_BUCKETS_IN_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One collector instance's metrics, in a registry of its own (never prom-client's global one):
 * several collectors in one process (tests) count apart, and nothing a library registers
 * globally leaks into what /metrics shows. Labels hold route patterns, kinds and outcomes only,
 * never a slug, code, address or email, so the number of series stays small and nothing
 * personal reaches the scraper.
 */
export class CollectorMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly requestDuration: Histogram<'method' | 'route'>;
  private readonly attempts: Counter<'kind' | 'outcome'>;
  private readonly attemptDuration: Histogram<'kind'>;
  private readonly mailSent: Counter;
  private readonly storeErrors: Counter<'source'>;
  private readonly rateLimited: Counter<'bucket'>;
  private readBacklog: () => Promise<OutboxBacklog[]> = async () => [];

  constructor() {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'vouch_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'vouch_http_request_duration_seconds',
      help: 'Time from request to answer, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS_IN_SECONDS,
      registers,
    });
    this.attempts = new Counter({
      name: 'vouch_outbox_attempts_total',
      help: 'Delivery attempts this instance recorded, by kind (webhook, mail) and outcome (delivered, suppressed, retry, failed, disabled).',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.attemptDuration = new Histogram({
      name: 'vouch_outbox_attempt_duration_seconds',
      help: 'How long delivery attempts took, by kind.',
      labelNames: ['kind'],
      buckets: ATTEMPT_BUCKETS_IN_SECONDS,
      registers,
    });
    this.mailSent = new Counter({ name: 'vouch_mail_sent_total', help: 'Mails this instance handed to the SMTP server.', registers });
    this.storeErrors = new Counter({
      name: 'vouch_store_errors_total',
      help: 'Times the store could not be reached (restart, failover, lost connection), by where it was met.',
      labelNames: ['source'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'vouch_rate_limited_total',
      help: 'Public calls refused for their rate limit, by bucket (calls, misses).',
      labelNames: ['bucket'],
      registers,
    });
    // Zero from the start, so that an alert on their rate sees the first error.
    for (const source of ['request', 'outbox'] as const) this.storeErrors.inc({ source }, 0);
    const metrics = this;
    // Read from the store at each scrape: the outbox is shared, so every instance shows the same depth.
    new Gauge({
      name: 'vouch_outbox_pending_messages',
      help: 'Messages waiting in the outbox (shared by all instances), by kind.',
      labelNames: ['kind'],
      registers,
      async collect() {
        this.reset();
        for (const backlog of await metrics.backlogOrNothing()) this.set({ kind: backlog.kind }, backlog.pending);
      },
    });
    new Gauge({
      name: 'vouch_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest message waiting in the outbox, by kind (0 when none waits).',
      labelNames: ['kind'],
      registers,
      async collect() {
        this.reset();
        for (const backlog of await metrics.backlogOrNothing()) this.set({ kind: backlog.kind }, backlog.oldestPendingAgeInSeconds);
      },
    });
  }

  /** Where the outbox gauges read the backlog from (the store, once it is open). */
  readOutboxBacklogFrom(read: () => Promise<OutboxBacklog[]>): void {
    this.readBacklog = read;
  }

  /**
   * The backlog, or none while the store is out of reach: the scrape must still answer then,
   * since the store error counters are what an operator looks at in an outage. The outbox
   * gauges are left out of that scrape rather than shown as 0.
   */
  private async backlogOrNothing(): Promise<OutboxBacklog[]> {
    try {
      return await this.readBacklog();
    } catch {
      // Told by vouch_store_errors_total and the log lines of the requests and the outbox.
      return [];
    }
  }

  /** Counts one answered request under its route pattern, with how long it took. */
  requestAnswered(method: string, route: string, status: number, durationInSeconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.requestDuration.observe({ method, route }, durationInSeconds);
  }

  /** Counts one recorded delivery attempt. */
  attemptRecorded(kind: string, outcome: AttemptOutcome, durationInSeconds: number): void {
    this.attempts.inc({ kind, outcome });
    this.attemptDuration.observe({ kind }, durationInSeconds);
    if (kind === 'mail' && outcome === 'delivered') this.mailSent.inc();
  }

  /** Counts one time the store was out of reach. */
  storeError(source: StoreErrorSource): void {
    this.storeErrors.inc({ source });
  }

  /** Counts one public call refused for its rate limit. */
  rateLimitRefused(bucket: 'calls' | 'misses' | 'addresses'): void {
    this.rateLimited.inc({ bucket });
  }

  /** The metrics in Prometheus' text format, and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
