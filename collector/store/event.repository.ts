import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import { newId } from './ids';
import { supportsRowLocks } from './row-locks';
import type { Database, EventRow, OutboxStatus } from './tables';

export type StoredEvent = Selectable<EventRow>;

/** Where an event stands in the log: what a cursor pages from. */
export interface EventPosition {
  tx_order: string | number;
  seq: string | number;
}

/**
 * Writes an event; call it inside the transaction of the change it reports. Its place in the
 * log is (the transaction's id, the next sequence number) on PostgreSQL, and (0, the site's next
 * number) on SQLite, whose single writer commits in that order (see migration 0008).
 */
export async function insertEvent(
  db: Kysely<Database>,
  event: { site_id: string; type: string; subject_id: string | null; payload: string },
  now: Date,
): Promise<string> {
  const id = newId(now.getTime());
  // The stores that take row locks are PostgreSQL's.
  const postgres = supportsRowLocks(db);
  await db
    .insertInto('events')
    .values({
      id,
      ...event,
      created_at: now.toISOString(),
      // xid8 has no cast to bigint; its text is the 64-bit number (epoch included, so it never wraps).
      tx_order: postgres ? sql<string>`pg_current_xact_id()::text::bigint` : 0,
      ...(postgres
        ? {}
        : { seq: sql<number>`(select coalesce(max(seq), 0) + 1 from events where site_id = ${event.site_id} and tx_order = 0)` }),
    })
    .execute();
  return id;
}

/**
 * Only events no transaction still running could sort before. On PostgreSQL a transaction that
 * wrote an event with a smaller sequence number may commit after one with a larger: a poller
 * that had paged past the larger would never see it. So the log is ordered by the writing
 * transaction's id first, and hands out only events whose transaction id is below the xmin of
 * this statement's own snapshot (the oldest transaction still running): those transactions have
 * all ended, so what they committed is visible now, and every transaction still running or yet
 * to start has an id at or above xmin, so its events sort after everything handed out. The log
 * handed out is a prefix that only grows at its end; a transaction left open holds newer events
 * back until it ends, and none is lost. SQLite has one writer: every committed event is final.
 */
function settled(eb: ExpressionBuilder<Database, 'events'>, postgres: boolean) {
  return postgres ? eb('tx_order', '<', sql<string>`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`) : eb.lit(true);
}

/** An event of one site, by id (settled or not), with its position. */
export async function findEvent(db: Kysely<Database>, siteId: string, id: string): Promise<StoredEvent | undefined> {
  return db.selectFrom('events').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
}

export interface EventFilter {
  siteId: string;
  /** "desc": newest first, `after` pages to older events; "asc": oldest first, `after` pages to newer ones. */
  order: 'asc' | 'desc';
  after?: EventPosition | undefined;
  /** An exact type, or a prefix ending in "." ("referral."). */
  type?: string | undefined;
  /** Only events created at or after this ISO time. */
  since?: string | undefined;
  limit: number;
}

/** A page of a site's settled events in log order (see `settled`). */
export async function listEvents(db: Kysely<Database>, filter: EventFilter): Promise<StoredEvent[]> {
  const postgres = supportsRowLocks(db);
  const direction = filter.order;
  let query = db
    .selectFrom('events')
    .selectAll()
    .where('site_id', '=', filter.siteId)
    .where((eb) => settled(eb, postgres))
    .orderBy('tx_order', direction)
    .orderBy('seq', direction)
    .limit(filter.limit);
  if (filter.after) {
    const { tx_order, seq } = filter.after;
    const beyond = direction === 'asc' ? '>' : '<';
    query = query.where((eb) => eb.or([eb('tx_order', beyond, tx_order), eb.and([eb('tx_order', '=', tx_order), eb('seq', beyond, seq)])]));
  }
  // A prefix is compared as a prefix, not through LIKE, whose wildcards and escapes differ by store.
  const { type } = filter;
  if (type?.endsWith('.')) query = query.where(sql<string>`substr(type, 1, ${type.length})`, '=', type);
  else if (type) query = query.where('type', '=', type);
  if (filter.since) query = query.where('created_at', '>=', filter.since);
  return query.execute();
}

/** The web hook messages that deliver some events: their id, endpoint and status. */
export async function deliveriesOfEvents(
  db: Kysely<Database>,
  eventIds: readonly string[],
): Promise<{ id: string; event_id: string; endpoint_url: string | null; status: OutboxStatus }[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['id', 'event_id', 'endpoint_url', 'status'])
    .where('event_id', 'in', eventIds)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, event_id: row.event_id!, endpoint_url: row.endpoint_url ?? null, status: row.status }));
}

/**
 * Deletes up to `limit` events created before `before`, oldest first, except those with a web
 * hook delivery still pending (a merchant may yet redeliver or read it). Answers how many went.
 */
export async function deleteEventsBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const expired = db
    .selectFrom('events')
    .select('id')
    .where('created_at', '<', before)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('outbox_messages').select('outbox_messages.id').whereRef('outbox_messages.event_id', '=', 'events.id').where('outbox_messages.status', '=', 'pending'))),
    )
    .orderBy('created_at')
    .limit(limit);
  const result = await db.deleteFrom('events').where('id', 'in', expired).executeTakeFirst();
  return Number(result.numDeletedRows);
}
