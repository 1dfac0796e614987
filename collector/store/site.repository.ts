import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { Database } from './tables';

/** Returns the id of the site's row, making the row on first sight of its slug. */
export async function ensureSite(db: Kysely<Database>, slug: string, now: string): Promise<string> {
  await db
    .insertInto('sites')
    .values({ id: newId(), slug, created_at: now })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await db.selectFrom('sites').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

/** The id of the site's row, or undefined when the collector never served the slug; writes nothing. */
export async function findSiteId(db: Kysely<Database>, slug: string): Promise<string | undefined> {
  const row = await db.selectFrom('sites').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}
