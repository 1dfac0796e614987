import type pg from 'pg';
import { loadPg } from './database';
import type { Logger } from '../logger';

/** The channel the outbox trigger (migration 0017) notifies; the payload is the schema written to. */
export const OUTBOX_CHANNEL = 'vouch_outbox';

/** First wait before listening again after the connection was lost; doubled up to the longest. */
const FIRST_RECONNECT_DELAY_IN_MS = 200;
const LONGEST_RECONNECT_DELAY_IN_MS = 10_000;

export interface OutboxListener {
  /** Stops listening and closes the connection. */
  stop(): Promise<void>;
}

/**
 * Listens on PostgreSQL for new outbox work (LISTEN vouch_outbox) on a connection of its own,
 * outside the pool, and calls `onWork` for each notification about this store's schema: every
 * instance then claims a message the moment its transaction commits, wherever it was written,
 * instead of at its next poll. A lost connection (restart, failover, pg_terminate_backend) is
 * opened again, waiting longer after each failure; once listening again it calls `onWork` too,
 * for what was written meanwhile. The poll stays as the fallback throughout.
 */
export function listenForOutboxWork(config: {
  databaseUrl: string;
  onWork: () => void;
  logger: Logger;
  /** Names the connection in pg_stat_activity (unless DATABASE_URL sets application_name). */
  applicationName: string;
}): OutboxListener {
  const { databaseUrl, onWork, logger } = config;
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delay = FIRST_RECONNECT_DELAY_IN_MS;
  let everListened = false;

  const listen = async () => {
    retry = undefined;
    if (stopped) return;
    const current = new (loadPg().Client)({ connectionString: databaseUrl, fallback_application_name: config.applicationName, keepAlive: true });
    client = current;
    let lost = false;
    const reconnect = (error?: Error) => {
      if (lost || stopped) return;
      lost = true;
      if (client === current) client = undefined;
      current.end().catch(() => {});
      logger.warn('PostgreSQL connection lost: the outbox LISTEN connection; listening again soon (the poll carries on meanwhile)', { error: error?.message, retry_in_ms: delay });
      retry = setTimeout(() => void listen(), delay);
      retry.unref();
      delay = Math.min(delay * 2, LONGEST_RECONNECT_DELAY_IN_MS);
    };
    current.on('error', reconnect);
    current.on('end', () => reconnect());
    try {
      await current.connect();
      const { rows } = await current.query<{ schema: string }>('select current_schema() as schema');
      const schema = rows[0]?.schema;
      current.on('notification', (notification) => {
        if (notification.channel === OUTBOX_CHANNEL && notification.payload === schema) onWork();
      });
      await current.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (stopped) {
        await current.end();
        return;
      }
      delay = FIRST_RECONNECT_DELAY_IN_MS;
      if (everListened) logger.info('outbox LISTEN connection back');
      everListened = true;
      // Whatever was written while nobody here was listening.
      onWork();
    } catch (error) {
      reconnect(error as Error);
    }
  };

  void listen();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
