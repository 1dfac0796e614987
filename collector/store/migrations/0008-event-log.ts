import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The event log: one row per event (a referral made, approved, voided, a reward issued or
 * reversed...), written in the transaction of the change whether or not any web hook endpoint
 * subscribed, and kept for the retention period. Each web hook message names the event it
 * delivers (`outbox_messages.event_id`).
 *
 * The log's order is (`tx_order`, `seq`), not the time or the id, so that a poller paging with a
 * cursor never skips an event that commits after a later one was already handed out:
 * - `seq` grows with every insert (a PostgreSQL sequence; on SQLite the site's next number, taken
 *   under its one writer);
 * - `tx_order` is the inserting transaction's id on PostgreSQL (`pg_current_xact_id()`), 0 on
 *   SQLite. The list hands out only events whose transaction id is below the oldest transaction
 *   still running, so everything it ever hands out sorts before anything that commits later
 *   (see event.repository.ts). SQLite commits one writer at a time, in `seq` order already.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('tx_order', 'bigint', (col) => col.notNull())
    .addColumn('seq', postgres ? 'bigserial' : 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('events_site_order_idx').on('events').columns(['site_id', 'tx_order', 'seq']).unique().execute();
  // Retention deletes by age across sites.
  await db.schema.createIndex('events_created_idx').on('events').column('created_at').execute();

  // No foreign key: an outbox message outlives its event once the event ages out of the log.
  await db.schema.alterTable('outbox_messages').addColumn('event_id', 'text').execute();
  await db.schema.createIndex('outbox_messages_event_idx').on('outbox_messages').column('event_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_event_idx').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('event_id').execute();
  await db.schema.dropTable('events').execute();
}
