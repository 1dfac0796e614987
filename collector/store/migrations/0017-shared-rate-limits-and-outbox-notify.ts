import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * What several instances on one PostgreSQL database need to act as one:
 * - `rate_limit_windows`: the public rate limits counted in the database, one row per bucket
 *   (calls, misses), client address and minute, so the limit a merchant sets holds for all
 *   instances together. On PostgreSQL it is UNLOGGED: counters are not worth a write-ahead log
 *   record per call, and a crash that empties them forgets at most a minute of counting. SQLite
 *   (one instance) keeps counting in memory and never reads the table.
 * - on PostgreSQL, a trigger that NOTIFYs channel `vouch_outbox` (payload: the schema) when a
 *   message becomes due now (written, or put back by a redelivery). NOTIFY is delivered when the
 *   writing transaction commits, so every instance's LISTEN wakes its outbox for work that is
 *   there, instead of waiting for its next poll; a rolled back write wakes nobody.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  const columns = `bucket text not null, key text not null, window_start_minute integer not null, hits integer not null,
    primary key (bucket, key, window_start_minute)`;
  await sql.raw(`create ${postgres ? 'unlogged ' : ''}table rate_limit_windows (${columns})`).execute(db);
  // Pruning deletes whole minutes: by window, not by key.
  await db.schema.createIndex('rate_limit_windows_window_idx').on('rate_limit_windows').column('window_start_minute').execute();
  if (!postgres) return;
  await sql
    .raw(
      `create function outbox_messages_notify() returns trigger language plpgsql as $$
      begin perform pg_notify('vouch_outbox', TG_TABLE_SCHEMA); return NEW; end $$`,
    )
    .execute(db);
  // Due now: a new message, or one a redelivery put back (a retry scheduled for later is not).
  await sql
    .raw(
      `create trigger outbox_messages_notify after insert or update of status, next_attempt_at on outbox_messages
      for each row when (NEW.status = 'pending' and NEW.next_attempt_at <= NEW.updated_at) execute function outbox_messages_notify()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists outbox_messages_notify on outbox_messages`.execute(db);
    await sql`drop function if exists outbox_messages_notify()`.execute(db);
  }
  await db.schema.dropTable('rate_limit_windows').execute();
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
