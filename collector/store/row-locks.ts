import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Whether the store takes row locks (`FOR UPDATE SKIP LOCKED`). PostgreSQL does, and needs
 * them when several collectors share it; SQLite has one writer at a time, so a single
 * statement is already atomic there and the clause would be a syntax error.
 */
export function supportsRowLocks(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A lock held until the end of the transaction, by name, on PostgreSQL: work that counts and
 * then writes (limits) takes it so that two instances count in turn. SQLite has one writer at
 * a time already.
 */
export async function lockKey(db: Kysely<any>, key: string): Promise<void> {
  if (supportsRowLocks(db)) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}
