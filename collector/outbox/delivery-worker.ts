import type { Kysely } from 'kysely';
import { newId } from '../domain/ids';
import type { Logger } from '../logger';
import { isStoreUnavailableError } from '../store/store-unavailable';
import type { Database, OutboxAttemptRow, OutboxKind, OutboxMessageRow } from '../store/tables';
import { claimDueMessages, settleAttempt, type MessageSettlement } from './outbox.repository';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, type RetrySchedule } from './retry-schedule';

/** What one delivery attempt came to; handlers never throw for a failed delivery, they answer this. */
export interface DeliveryResult {
  /** delivered; retry later; failed for good; disabled (the receiver said 410 Gone). */
  outcome: 'delivered' | 'retry' | 'failed' | 'disabled';
  target?: string | null;
  responseStatus?: number | null;
  responseExcerpt?: string | null;
  error?: string | null;
  /** The receiver's Retry-After, in milliseconds. */
  retryAfterInMs?: number | null;
}

/** Delivers one message of its kind (a web hook POST, a mail). */
export type DeliveryHandler = (message: OutboxMessageRow) => Promise<DeliveryResult>;

export interface OutboxOptions extends Partial<RetrySchedule> {
  /** How often the store is asked for due messages when nothing woke the worker. */
  pollIntervalInMs?: number;
  /** How long a claimed message is this instance's; longer than any attempt can take. */
  leaseInMs?: number;
  /** Most messages delivered at once by one instance. */
  batchSize?: number;
  /** Longest a web hook POST may take, connection to last byte. */
  requestTimeoutInMs?: number;
}

export interface DeliveryWorker {
  /** Runs a poll now (new work was committed). */
  wake(): void;
  /** Stops polling and waits for the attempts in flight to be recorded. */
  stop(): Promise<void>;
}

const DEFAULT_POLL_INTERVAL_IN_MS = 1000;
const DEFAULT_LEASE_IN_MS = 60_000;
const DEFAULT_BATCH_SIZE = 10;

/**
 * Starts the outbox worker: it leases due messages, hands each to the handler of its kind, and
 * records the attempt with the next step (delivered, retry at, failed, disabled). All state is in
 * the store, so a restart, or another instance after the lease expires, carries on.
 */
export function startDeliveryWorker(config: {
  db: Kysely<Database>;
  handlers: Partial<Record<OutboxKind, DeliveryHandler>>;
  options?: OutboxOptions;
  logger: Logger;
  workerId?: string;
}): DeliveryWorker {
  const { db, handlers, logger } = config;
  const options = config.options ?? {};
  const schedule: RetrySchedule = { ...DEFAULT_RETRY_SCHEDULE, ...definedOnly(options) };
  const pollIntervalInMs = options.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_IN_MS;
  const leaseInMs = options.leaseInMs ?? DEFAULT_LEASE_IN_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const workerId = config.workerId ?? `worker-${newId()}`;
  const kinds = Object.keys(handlers) as OutboxKind[];

  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let wakeRequested = false;
  let stopped = false;

  const planNext = (delayInMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, delayInMs);
  };

  const run = () => {
    timer = undefined;
    wakeRequested = false;
    inFlight = pollOnce()
      .catch((error: unknown) => logger[isStoreUnavailableError(error) ? 'warn' : 'error']('outbox poll failed', { error: String(error) }))
      .then((full) => {
        inFlight = undefined;
        // A full batch means more may be due: go again at once instead of waiting a poll.
        planNext(full === true || wakeRequested ? 0 : pollIntervalInMs);
      });
  };

  const pollOnce = async (): Promise<boolean> => {
    const messages = await claimDueMessages(db, { workerId, kinds, now: new Date(), leaseInMs, limit: batchSize });
    await Promise.all(messages.map((message) => deliver(message)));
    return messages.length === batchSize;
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
    const kept = await settleAttempt(db, message, workerId, settlement, attempt);
    const fields = { id: message.id, kind: message.kind, attempt: attempts, status: settlement.status, http_status: result.responseStatus, error: result.error };
    if (!kept) logger.warn('outbox attempt finished after its lease was taken over; not recorded', fields);
    else if (settlement.status === 'delivered') logger.info('outbox message delivered', fields);
    else logger.warn('outbox delivery attempt failed', { ...fields, next_attempt_at: settlement.next_attempt_at });
  };

  planNext(0);
  return {
    wake: () => {
      if (stopped) return;
      if (inFlight) wakeRequested = true;
      else planNext(0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
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
  if (result.outcome === 'failed' || result.outcome === 'disabled') return { ...base, status: result.outcome, last_error: error };
  const next = nextAttemptAt(attempts, { giveUpAfter, retryAfterInMs: result.retryAfterInMs ?? null }, now, schedule);
  if (!next) return { ...base, status: 'failed', last_error: `gave up after ${attempts} attempts: ${error}` };
  return { ...base, status: 'pending', next_attempt_at: next.toISOString(), last_error: error };
}

function definedOnly(options: OutboxOptions): Partial<RetrySchedule> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<RetrySchedule>;
}
