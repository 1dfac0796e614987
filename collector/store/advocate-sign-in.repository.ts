import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { Database } from './tables';

/** Stores a mailed sign-in link by its token's hash. */
export async function insertSignInLink(db: Kysely<Database>, link: { siteId: string; personId: string; tokenHash: string; expiresAt: string }, now: Date): Promise<string> {
  const id = newId(now.getTime());
  await db
    .insertInto('advocate_sign_in_links')
    .values({ id, site_id: link.siteId, person_id: link.personId, token_hash: link.tokenHash, expires_at: link.expiresAt, used_at: null, created_at: now.toISOString() })
    .execute();
  return id;
}

/** How many links the person was sent since `since`. */
export async function countSignInLinksSince(db: Kysely<Database>, personId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('advocate_sign_in_links')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('person_id', '=', personId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Uses a live, unused link of the site in one conditional UPDATE: of two requests with the same
 * token at once, only one sees its row change. Answers the person it signs in, or undefined.
 */
export async function useSignInLink(db: Kysely<Database>, siteId: string, tokenHash: string, now: Date): Promise<string | undefined> {
  const at = now.toISOString();
  const row = await db
    .updateTable('advocate_sign_in_links')
    .set({ used_at: at })
    .where('site_id', '=', siteId)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('person_id')
    .executeTakeFirst();
  return row?.person_id;
}

/** Whether the site has a live, unused link with this token hash; uses nothing up. */
export async function isLiveSignInLink(db: Kysely<Database>, siteId: string, tokenHash: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('advocate_sign_in_links')
    .select('id')
    .where('site_id', '=', siteId)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}
