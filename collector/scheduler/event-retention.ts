import type { Kysely } from 'kysely';
import type { Logger } from '../logger';
import { deleteConnectorDeliveriesBefore } from '../store/connector-delivery.repository';
import { deleteEventsBefore } from '../store/event.repository';
import type { Database } from '../store/tables';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

export interface EventRetentionOptions {
  /** How many days the event log keeps an event (at least 1). */
  days?: number;
  /** How often old events are looked for. */
  intervalInMs?: number;
  /** Most events deleted per statement: a large backlog goes in short transactions. */
  batchSize?: number;
  /** The clock that ages events (tests move it forward). */
  now?: () => Date;
}

export type EventRetention = PeriodicJob;

export const DEFAULT_EVENT_RETENTION_DAYS = 30;
const DEFAULT_INTERVAL_IN_MS = 60 * 60_000;
const DEFAULT_BATCH_SIZE = 500;
const DAY_IN_MS = 24 * 60 * 60_000;

/**
 * Deletes events older than the retention period from the event log, in batches, never one
 * whose web hook delivery is still pending; and forgets the shop connectors' delivery ids as old. Like auto-approval, every round reads what is due
 * from the store, so restarts lose nothing and instances sharing a store only share the work.
 */
export function startEventRetention(config: { db: Kysely<Database>; logger: Logger; options?: EventRetentionOptions }): EventRetention {
  const { db, logger } = config;
  const days = Math.max(1, config.options?.days ?? DEFAULT_EVENT_RETENTION_DAYS);
  const intervalInMs = config.options?.intervalInMs ?? DEFAULT_INTERVAL_IN_MS;
  const batchSize = config.options?.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = config.options?.now ?? (() => new Date());
  const round = async (): Promise<boolean> => {
    const before = new Date(now().getTime() - days * DAY_IN_MS).toISOString();
    const deleted = await deleteEventsBefore(db, before, batchSize);
    if (deleted > 0) logger.info('events older than the retention period deleted', { count: deleted, days });
    // The shop connectors' handled delivery ids age out with the events they caused.
    const forgotten = await deleteConnectorDeliveriesBefore(db, before, batchSize);
    if (forgotten > 0) logger.info('connector delivery ids older than the retention period forgotten', { count: forgotten, days });
    return deleted === batchSize || forgotten === batchSize;
  };

  // A full batch means more are due: the next one at once, not in an hour.
  return startPeriodicJob({ name: 'event retention', intervalInMs, logger, round });
}
