import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { writeTransaction } from './write-transaction';
import { newId } from './ids';
import { supportsRowLocks } from './row-locks';
import type { Database, OutboxAttemptRow, OutboxKind, OutboxMessageRow, OutboxStatus } from './tables';

/** Writes a message to deliver; call it inside the transaction of the change it reports. */
export async function insertOutboxMessage(
  db: Kysely<Database>,
  message: {
    site_id: string;
    kind: OutboxKind;
    event_type: string;
    subject_id: string | null;
    payload: string;
    endpoint_url?: string | null;
    event_id?: string | null;
  },
  now: Date,
): Promise<string> {
  const id = newId(now.getTime());
  await db.insertInto('outbox_messages').values(newMessageRow(id, message, now)).execute();
  return id;
}

/** The row of a message written now, due at once. */
function newMessageRow(
  id: string,
  message: { site_id: string; kind: OutboxKind; event_type: string; subject_id: string | null; payload: string; endpoint_url?: string | null; event_id?: string | null },
  now: Date,
): OutboxMessageRow {
  const at = now.toISOString();
  return {
    id,
    endpoint_url: null,
    event_id: null,
    ...message,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    give_up_after: null,
    locked_until: null,
    locked_by: null,
    last_error: null,
    delivered_at: null,
    created_at: at,
    updated_at: at,
  };
}

/**
 * Writes one mail to the outbox unless a message of the same email kind (event type "email.…")
 * for the same subject is there already: the unique index of migration 0023 decides, so two
 * instances writing at once, or a round run again after a restart, leave exactly one. Answers
 * the id of the message this call wrote, or null when there was one already.
 */
export async function insertEmailOnce(
  db: Kysely<Database>,
  message: { site_id: string; event_type: `email.${string}`; subject_id: string; payload: string },
  now: Date,
): Promise<string | null> {
  const id = newId(now.getTime());
  const result = await db
    .insertInto('outbox_messages')
    .values(newMessageRow(id, { ...message, kind: 'mail' }, now))
    // The index's own predicate, written out: a database matches a partial index only by a literal it can compare.
    .onConflict((conflict) => conflict.columns(['event_type', 'subject_id']).where(sql<boolean>`event_type like 'email.%'`).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
}

/**
 * Settles a message written in the same transaction as not to be sent, with why ("skipped: …"):
 * failed, never attempted, so it stays on record as the one message of its subject.
 */
export async function skipOutboxMessage(db: Kysely<Database>, id: string, reason: string, now: Date): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'failed', last_error: reason, updated_at: now.toISOString() }).where('id', '=', id).execute();
}

/**
 * Leases up to `limit` due pending messages of one kind to one worker, oldest due first, but at
 * most `perSiteLimit` per site counting the `inFlightPerSite` this worker already runs: a site
 * whose receiver hangs gets its share of the slots and no more, so it cannot hold up the
 * others. A message leased by an instance that died is due again once its lease has expired.
 *
 * The candidates are ranked per site with a window function, which PostgreSQL will not combine
 * with FOR UPDATE; the lease itself then takes the rows with FOR UPDATE SKIP LOCKED and re-checks
 * that they are still free, so instances claiming together never take the same message (one of
 * them just gets fewer and claims again when a slot frees).
 */
export async function claimDueMessages(
  db: Kysely<Database>,
  claim: {
    workerId: string;
    kind: OutboxKind;
    now: Date;
    leaseInMs: number;
    limit: number;
    perSiteLimit: number;
    inFlightPerSite: ReadonlyMap<string, number>;
  },
): Promise<OutboxMessageRow[]> {
  if (claim.limit <= 0) return [];
  const now = claim.now.toISOString();
  const inFlight = [...claim.inFlightPerSite.values()].reduce((sum, count) => sum + count, 0);
  const ranked = db
    .selectFrom('outbox_messages')
    .select((eb) => [
      'id',
      'site_id',
      'next_attempt_at',
      eb.fn.agg<number>('row_number').over((over) => over.partitionBy('site_id').orderBy('next_attempt_at').orderBy('id')).as('site_rank'),
    ])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where('kind', '=', claim.kind)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]));
  // At most perSiteLimit candidates per site, of which a site's in-flight attempts make the
  // surplus: `limit` more than those in flight are enough to fill the free slots.
  const candidates = await db
    .selectFrom(ranked.as('ranked'))
    .select(['id', 'site_id'])
    .where('site_rank', '<=', claim.perSiteLimit)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(claim.limit + inFlight)
    .execute();
  const taken = new Map<string, number>();
  const picked: string[] = [];
  for (const candidate of candidates) {
    if (picked.length === claim.limit) break;
    const running = (claim.inFlightPerSite.get(candidate.site_id) ?? 0) + (taken.get(candidate.site_id) ?? 0);
    if (running >= claim.perSiteLimit) continue;
    taken.set(candidate.site_id, (taken.get(candidate.site_id) ?? 0) + 1);
    picked.push(candidate.id);
  }
  if (picked.length === 0) return [];
  const stillFree = (eb: ExpressionBuilder<Database, 'outbox_messages'>) =>
    eb.and([eb('status', '=', 'pending'), eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)])]);
  let free = db.selectFrom('outbox_messages').select('id').where('id', 'in', picked).where(stillFree);
  if (supportsRowLocks(db)) free = free.forUpdate().skipLocked();
  return db
    .updateTable('outbox_messages')
    .set({ locked_until: new Date(claim.now.getTime() + claim.leaseInMs).toISOString(), locked_by: claim.workerId })
    .where('id', 'in', free)
    .where(stillFree)
    .returningAll()
    .execute();
}

/** What one attempt changes on its message. */
export type MessageSettlement = Pick<OutboxMessageRow, 'status' | 'attempts' | 'next_attempt_at' | 'give_up_after' | 'last_error' | 'delivered_at'>;

/**
 * Records an attempt and releases the lease, only while this worker still holds it (a worker
 * that overran its lease must not overwrite the instance that took over). Answers whether it did.
 * `whileSettling` runs in the same transaction once the message is recorded (a done action).
 */
export async function settleAttempt(
  db: Kysely<Database>,
  message: OutboxMessageRow,
  workerId: string,
  settlement: MessageSettlement,
  attempt: Omit<OutboxAttemptRow, 'id' | 'message_id' | 'attempt_number'>,
  whileSettling?: (trx: Kysely<Database>) => Promise<void>,
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('outbox_messages')
      .set({ ...settlement, locked_until: null, locked_by: null, updated_at: attempt.created_at })
      .where('id', '=', message.id)
      .where('locked_by', '=', workerId)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    const previous = await trx
      .selectFrom('outbox_attempts')
      .select(trx.fn.countAll<string | number>().as('count'))
      .where('message_id', '=', message.id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('outbox_attempts')
      .values({ id: newId(), message_id: message.id, attempt_number: Number(previous.count) + 1, ...attempt })
      .execute();
    await whileSettling?.(trx);
    return true;
  });
}

/** A message by id, on one site. */
export async function findOutboxMessage(db: Kysely<Database>, siteId: string, id: string): Promise<OutboxMessageRow | undefined> {
  return db.selectFrom('outbox_messages').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
}

/** A site's messages of one kind (or several), newest first, paged by id (ids are time-ordered). */
export async function listOutboxMessages(
  db: Kysely<Database>,
  filter: { siteId: string; kind: OutboxKind | readonly OutboxKind[]; status?: OutboxStatus | undefined; before?: string | undefined; limit: number },
): Promise<OutboxMessageRow[]> {
  const kinds: readonly OutboxKind[] = typeof filter.kind === 'string' ? [filter.kind] : filter.kind;
  let query = db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('site_id', '=', filter.siteId)
    .where('kind', 'in', kinds)
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}

/** Every attempt of some messages, in order. */
export async function attemptsOf(db: Kysely<Database>, messageIds: readonly string[]): Promise<OutboxAttemptRow[]> {
  if (messageIds.length === 0) return [];
  return db
    .selectFrom('outbox_attempts')
    .selectAll()
    .where('message_id', 'in', messageIds)
    .orderBy('message_id')
    .orderBy('attempt_number')
    .execute();
}

/**
 * Puts a message back in the queue now (false when an attempt is in flight), with a fresh retry window; its id (the web hook id)
 * stays, so a receiver that already handled it can tell.
 */
export async function requeueOutboxMessage(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  // Not while an instance is attempting it: that attempt would go unrecorded and a second
  // one could run beside it.
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, give_up_after: null, locked_until: null, locked_by: null, updated_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** How many messages of one event type a site wrote per day (UTC) since `since`, and how many of them were delivered. */
export async function countMessagesPerDay(
  db: Kysely<Database>,
  filter: { siteId: string; eventType: string; since: string },
): Promise<{ day: string; written: number; delivered: number }[]> {
  // created_at is ISO 8601 text on both stores: its first 10 characters are the UTC day.
  const day = sql<string>`substr(created_at, 1, 10)`;
  const rows = await db
    .selectFrom('outbox_messages')
    .select([day.as('day'), db.fn.countAll<string | number>().as('written'), db.fn.count<string | number>('delivered_at').as('delivered')])
    .where('site_id', '=', filter.siteId)
    .where('event_type', '=', filter.eventType)
    .where('created_at', '>=', filter.since)
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((row) => ({ day: row.day, written: Number(row.written), delivered: Number(row.delivered) }));
}

/**
 * How many of the emails Vouch sends on its own (event types "email.…") a site wrote per day
 * (UTC) since `since`: delivered, and skipped (not sent on purpose: a daily cap, no SMTP).
 */
export async function countOwnEmailsPerDay(db: Kysely<Database>, filter: { siteId: string; since: string }): Promise<{ day: string; written: number; delivered: number; skipped: number }[]> {
  const day = sql<string>`substr(created_at, 1, 10)`;
  const rows = await db
    .selectFrom('outbox_messages')
    .select([
      day.as('day'),
      db.fn.countAll<string | number>().as('written'),
      db.fn.count<string | number>('delivered_at').as('delivered'),
      sql<string | number>`sum(case when status = 'failed' and last_error like 'skipped:%' then 1 else 0 end)`.as('skipped'),
    ])
    .where('site_id', '=', filter.siteId)
    .where('event_type', 'like', 'email.%')
    .where('created_at', '>=', filter.since)
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((row) => ({ day: row.day, written: Number(row.written), delivered: Number(row.delivered), skipped: Number(row.skipped) }));
}

/**
 * How many messages of each kind wait for an attempt, and when the oldest of them was written:
 * the outbox's depth and age, for metrics. Kinds with nothing waiting are left out.
 */
export async function pendingOutboxBacklog(db: Kysely<Database>): Promise<{ kind: OutboxKind; pending: number; oldestCreatedAt: string }[]> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select((eb) => ['kind', eb.fn.countAll<string | number>().as('pending'), eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .groupBy('kind')
    .execute();
  return rows.map((row) => ({ kind: row.kind, pending: Number(row.pending), oldestCreatedAt: String(row.oldest) }));
}
