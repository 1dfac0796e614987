import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Whether the store takes row locks (`FOR UPDATE SKIP LOCKED`). PostgreSQL does, and needs
 * them when several collectors share it; SQLite has one writer at a time, so a single
 * statement is already atomic there and the clause would be a syntax error.
 */
export function supportsRowLocks(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
