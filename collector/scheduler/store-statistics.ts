import type { Logger } from '../logger';
import type { Store } from '../store/database';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

/** How often the planner's statistics are refreshed: SQLite advises every few hours for a connection kept open. */
export const STATISTICS_INTERVAL_IN_MS = 60 * 60_000;

/**
 * Keeps the query planner's statistics fresh while the collector runs. At start a new store has
 * none (its tables are empty), and without them SQLite guesses which index to use; PRAGMA
 * optimize, run hourly, analyses the tables whose row counts moved far enough to matter, reading
 * a few hundred rows per index (a no-op on PostgreSQL, whose autovacuum keeps them).
 */
export function startStoreStatistics(config: { store: Store; logger: Logger; intervalInMs?: number }): PeriodicJob {
  const intervalInMs = config.intervalInMs ?? STATISTICS_INTERVAL_IN_MS;
  let first = true;
  return startPeriodicJob({
    name: 'store statistics',
    intervalInMs,
    logger: config.logger,
    round: async () => {
      // The start has just run it; the job's own first round would repeat it.
      if (!first) await config.store.optimize();
      first = false;
      return false;
    },
  });
}
