import type { Kysely } from 'kysely';
import { newId } from '../store/ids';
import type { Logger } from '../logger';
import { isStoreUnavailableError } from '../store/store-unavailable';
import type { Database, OutboxAttemptRow, OutboxKind, OutboxMessageRow } from '../store/tables';
import { claimDueMessages, settleAttempt, type MessageSettlement } from '../store/outbox.repository';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, type RetrySchedule } from './retry-schedule';

/** What one delivery attempt came to; handlers never throw for a failed delivery, they answer this. */
export interface DeliveryResult {
  /**
   * delivered; retry later; failed for good; disabled (the receiver said 410 Gone); suppressed
   * (done without sending: the recipient is not to be mailed).
   */
  outcome: 'delivered' | 'retry' | 'failed' | 'disabled' | 'suppressed';
  target?: string | null;
  responseStatus?: number | null;
  responseExcerpt?: string | null;
  /** The start of the answer's body, longer than the excerpt, for a done action that reads it (not stored). */
  responseBody?: string | null;
  error?: string | null;
  /** The receiver's Retry-After, in milliseconds. */
  retryAfterInMs?: number | null;
}

/** Delivers one message of its kind (a web hook POST, a mail). */
export type DeliveryHandler = (message: OutboxMessageRow) => Promise<DeliveryResult>;

/**
 * What a message's event type does once it is done (delivered or suppressed), run in the same
 * transaction that records it done: both commit or neither does, so the effect happens exactly
 * once per delivery however often an attempt is retried. A redelivery of a delivered message
 * runs it again; the action must tell (its own rows) if that should change nothing.
 */
export type DoneAction = (trx: Kysely<Database>, message: OutboxMessageRow, result: DeliveryResult, now: Date) => Promise<void>;

export interface OutboxOptions extends Partial<RetrySchedule> {
  /** How often the store is asked for due messages when nothing woke the worker. */
  pollIntervalInMs?: number;
  /** How long a claimed message is this instance's; longer than any attempt can take. */
  leaseInMs?: number;
  /** Most attempts one instance runs at once, per kind (web hooks and mail are separate lanes). */
  concurrency?: number;
  /** Most of those for one site: a site whose receiver hangs holds no more of the slots. */
  perSiteConcurrency?: number;
  /** Longest a web hook POST may take, connection to last byte. */
  requestTimeoutInMs?: number;
}

/** What the worker reports as it goes, for metrics; it never changes what the worker does. */
export interface DeliveryObserver {
  attemptRecorded(kind: OutboxKind, outcome: OutboxAttemptRow['outcome'], durationInSeconds: number): void;
  storeError(): void;
}

export interface DeliveryWorker {
  /** Claims due work now (new work was committed). */
  wake(): void;
  /** Stops claiming and waits for the attempts in flight to be recorded. */
  stop(): Promise<void>;
}

const DEFAULT_POLL_INTERVAL_IN_MS = 1000;
const DEFAULT_LEASE_IN_MS = 60_000;
/** Default attempts at once per kind and instance. */
export const DEFAULT_OUTBOX_CONCURRENCY = 10;
/** Default attempts at once per site, kind and instance. */
export const DEFAULT_OUTBOX_PER_SITE_CONCURRENCY = 3;

/** One kind's deliveries: its own slots, so slow mail never waits on web hooks or the reverse. */
interface Lane {
  kind: OutboxKind;
  /** Attempts running, each settled (recorded) before it leaves the set. */
  attempts: Set<Promise<void>>;
  perSite: Map<string, number>;
  claiming: Promise<void> | undefined;
  /** Something finished or woke the lane while it was claiming: claim again after. */
  claimAgain: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Starts the outbox worker: it leases due messages, hands each to the handler of its kind, and
 * records the attempt with the next step (delivered, retry at, failed, disabled). All state is in
 * the store, so a restart, or another instance after the lease expires, carries on.
 *
 * Each kind has `concurrency` slots, refilled as each attempt finishes (not once a whole batch
 * has), and one site takes at most `perSiteConcurrency` of them: a receiver that hangs until the
 * request timeout delays its own site's messages, never another site's.
 */
export function startDeliveryWorker(config: {
  db: Kysely<Database>;
  handlers: Partial<Record<OutboxKind, DeliveryHandler>>;
  /** Done actions by event type ("coupon.create"...); the worker knows nothing of what they do. */
  doneActions?: Readonly<Record<string, DoneAction>>;
  options?: OutboxOptions;
  logger: Logger;
  workerId?: string;
  /** Told of every attempt once it is recorded, and of every time the store was out of reach (metrics). */
  observer?: DeliveryObserver;
}): DeliveryWorker {
  const { db, handlers, logger, observer } = config;
  const doneActions = config.doneActions ?? {};
  const options = config.options ?? {};
  const schedule: RetrySchedule = { ...DEFAULT_RETRY_SCHEDULE, ...definedOnly(options) };
  const pollIntervalInMs = options.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_IN_MS;
  const leaseInMs = options.leaseInMs ?? DEFAULT_LEASE_IN_MS;
  const concurrency = options.concurrency ?? DEFAULT_OUTBOX_CONCURRENCY;
  const perSiteConcurrency = Math.min(options.perSiteConcurrency ?? DEFAULT_OUTBOX_PER_SITE_CONCURRENCY, concurrency);
  const workerId = config.workerId ?? `worker-${newId()}`;
  const lanes: Lane[] = (Object.keys(handlers) as OutboxKind[]).map((kind) => ({
    kind,
    attempts: new Set(),
    perSite: new Map(),
    claiming: undefined,
    claimAgain: false,
    timer: undefined,
  }));
  let stopped = false;

  /** Claims as many due messages as the lane has free slots and starts them. */
  const fill = (lane: Lane) => {
    if (stopped) return;
    if (lane.claiming) {
      lane.claimAgain = true;
      return;
    }
    const free = concurrency - lane.attempts.size;
    // Every slot is busy: the next attempt to finish fills again.
    if (free <= 0) return;
    lane.claimAgain = false;
    clearTimeout(lane.timer);
    let claimedAll = false;
    let failed = false;
    lane.claiming = claimDueMessages(db, {
      workerId,
      kind: lane.kind,
      now: new Date(),
      leaseInMs,
      limit: free,
      perSiteLimit: perSiteConcurrency,
      inFlightPerSite: lane.perSite,
    })
      .then((messages) => {
        for (const message of messages) start(lane, message);
        claimedAll = messages.length === free;
      })
      .catch((error: unknown) => {
        failed = true;
        if (isStoreUnavailableError(error)) observer?.storeError();
        logger[isStoreUnavailableError(error) ? 'warn' : 'error']('outbox poll failed', { kind: lane.kind, error: String(error) });
      })
      .finally(() => {
        lane.claiming = undefined;
        if (stopped) return;
        // More may be due (every slot was filled, or work came meanwhile); a failed claim waits a poll.
        if (!failed && (claimedAll || lane.claimAgain)) fill(lane);
        else lane.timer = setTimeout(() => fill(lane), pollIntervalInMs);
      });
  };

  const start = (lane: Lane, message: OutboxMessageRow) => {
    lane.perSite.set(message.site_id, (lane.perSite.get(message.site_id) ?? 0) + 1);
    const attempt: Promise<void> = deliver(message)
      .catch((error: unknown) => {
        // The attempt ran but could not be recorded (the store went away): the message stays
        // leased and is attempted again once the lease expires.
        if (isStoreUnavailableError(error)) observer?.storeError();
        logger[isStoreUnavailableError(error) ? 'warn' : 'error']('outbox attempt could not be recorded; it runs again after its lease', {
          id: message.id,
          kind: message.kind,
          error: String(error),
        });
      })
      .finally(() => {
        lane.attempts.delete(attempt);
        const left = (lane.perSite.get(message.site_id) ?? 1) - 1;
        if (left > 0) lane.perSite.set(message.site_id, left);
        else lane.perSite.delete(message.site_id);
        fill(lane);
      });
    lane.attempts.add(attempt);
  };

  const deliver = async (message: OutboxMessageRow) => {
    const started = new Date();
    let result: DeliveryResult;
    try {
      result = await handlers[message.kind]!(message);
    } catch (error) {
      // A handler bug must not lose the message: it is retried like a failed delivery.
      result = { outcome: 'retry', error: `handler error: ${String(error)}` };
    }
    const now = new Date();
    const attempts = message.attempts + 1;
    const giveUpAfter = message.give_up_after ? new Date(message.give_up_after) : new Date(started.getTime() + schedule.giveUpAfterInMs);
    const settlement = settle(message, result, attempts, giveUpAfter, now, schedule);
    const attempt: Omit<OutboxAttemptRow, 'id' | 'message_id' | 'attempt_number'> = {
      started_at: started.toISOString(),
      duration_ms: now.getTime() - started.getTime(),
      target: result.target ?? null,
      response_status: result.responseStatus ?? null,
      response_excerpt: result.responseExcerpt ?? null,
      error: result.error ?? null,
      outcome: settlement.status === 'pending' ? 'retry' : (settlement.status as OutboxAttemptRow['outcome']),
      created_at: now.toISOString(),
    };
    const doneAction = doneActions[message.event_type];
    const whileSettling =
      doneAction && (settlement.status === 'delivered' || settlement.status === 'suppressed') ? (trx: Kysely<Database>) => doneAction(trx, message, result, now) : undefined;
    const kept = await settleAttempt(db, message, workerId, settlement, attempt, whileSettling);
    const fields = { id: message.id, kind: message.kind, attempt: attempts, status: settlement.status, http_status: result.responseStatus, error: result.error };
    if (kept) observer?.attemptRecorded(message.kind, attempt.outcome, attempt.duration_ms / 1000);
    if (!kept) logger.warn('outbox attempt finished after its lease was taken over; not recorded', fields);
    else if (settlement.status === 'delivered' || settlement.status === 'suppressed') logger.info(`outbox message ${settlement.status}`, fields);
    else logger.warn('outbox delivery attempt failed', { ...fields, next_attempt_at: settlement.next_attempt_at });
  };

  for (const lane of lanes) fill(lane);
  return {
    wake: () => {
      for (const lane of lanes) fill(lane);
    },
    stop: async () => {
      stopped = true;
      for (const lane of lanes) clearTimeout(lane.timer);
      await Promise.all(lanes.map((lane) => lane.claiming));
      await Promise.all(lanes.flatMap((lane) => [...lane.attempts]));
    },
  };
}

/** The message's next state after an attempt. */
function settle(
  message: OutboxMessageRow,
  result: DeliveryResult,
  attempts: number,
  giveUpAfter: Date,
  now: Date,
  schedule: RetrySchedule,
): MessageSettlement {
  const base = { attempts, give_up_after: giveUpAfter.toISOString(), next_attempt_at: message.next_attempt_at, delivered_at: null };
  const error = result.error ?? (result.responseStatus ? `HTTP ${result.responseStatus}` : null);
  if (result.outcome === 'delivered') return { ...base, status: 'delivered', last_error: null, delivered_at: now.toISOString() };
  if (result.outcome === 'failed' || result.outcome === 'disabled' || result.outcome === 'suppressed') return { ...base, status: result.outcome, last_error: error };
  const next = nextAttemptAt(attempts, { giveUpAfter, retryAfterInMs: result.retryAfterInMs ?? null }, now, schedule);
  if (!next) return { ...base, status: 'failed', last_error: `gave up after ${attempts} attempts: ${error}` };
  return { ...base, status: 'pending', next_attempt_at: next.toISOString(), last_error: error };
}

function definedOnly(options: OutboxOptions): Partial<RetrySchedule> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<RetrySchedule>;
}
