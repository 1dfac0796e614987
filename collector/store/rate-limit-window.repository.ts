import { sql, type Kysely } from 'kysely';
import type { Database } from './tables';

/**
 * Counts one call in a window and answers the window's count, in one statement: an upsert is
 * atomic per row, so instances counting the same address at once never lose a call.
 */
export async function countWindowHit(db: Kysely<Database>, window: { bucket: string; key: string; startMinute: number }): Promise<number> {
  const row = await db
    .insertInto('rate_limit_windows')
    .values({ bucket: window.bucket, key: window.key, window_start_minute: window.startMinute, hits: 1 })
    .onConflict((conflict) => conflict.columns(['bucket', 'key', 'window_start_minute']).doUpdateSet({ hits: sql<number>`rate_limit_windows.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return Number(row.hits);
}

/** A window's count so far (0 when nothing was counted in it); counts nothing. */
export async function windowHits(db: Kysely<Database>, window: { bucket: string; key: string; startMinute: number }): Promise<number> {
  const row = await db
    .selectFrom('rate_limit_windows')
    .select('hits')
    .where('bucket', '=', window.bucket)
    .where('key', '=', window.key)
    .where('window_start_minute', '=', window.startMinute)
    .executeTakeFirst();
  return row ? Number(row.hits) : 0;
}

/** Deletes the windows that started before `beforeMinute`: they count for nothing any more. */
export async function pruneWindowsBefore(db: Kysely<Database>, beforeMinute: number): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('window_start_minute', '<', beforeMinute).execute();
}
