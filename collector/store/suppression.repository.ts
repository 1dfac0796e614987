import { sql, type Kysely } from 'kysely';
import { erasedAddressHash } from '../signing/erased-address-hash';
import { newId } from './ids';
import type { Database, EmailSuppressionRow } from './tables';

/**
 * Which of these (normalised) addresses asked this site for no more invites: listed as they are,
 * or as the hash an anonymized person's address is kept as (see erased-address-hash.ts).
 */
export async function suppressedAmong(db: Kysely<Database>, siteId: string, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const byHash = new Map(emails.map((email) => [erasedAddressHash(email), email]));
  const rows = await db
    .selectFrom('email_suppressions')
    .select('email')
    .where('site_id', '=', siteId)
    .where('email', 'in', [...emails, ...byHash.keys()])
    .execute();
  return new Set(rows.map((row) => byHash.get(row.email) ?? row.email));
}

/** Adds an address to the site's suppression list; doing it again changes nothing. Answers the new row's id, or null when the address was already on it. */
export async function suppressEmail(db: Kysely<Database>, siteId: string, email: string, reason: string, now: Date): Promise<string | null> {
  const inserted = await db
    .insertInto('email_suppressions')
    .values({ id: newId(now.getTime()), site_id: siteId, email, reason, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['site_id', 'email']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** The site's suppression list, newest first, paged by id; only addresses containing `search` when given. */
export async function listSuppressions(
  db: Kysely<Database>,
  filter: { siteId: string; search?: string | undefined; before?: string | undefined; limit: number },
): Promise<EmailSuppressionRow[]> {
  let query = db.selectFrom('email_suppressions').selectAll().where('site_id', '=', filter.siteId).orderBy('id', 'desc').limit(filter.limit);
  // Addresses are stored lower case; LIKE's own wildcards in the search are taken literally.
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where(sql<boolean>`email like ${pattern} escape '\\'`);
  }
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}

/** Takes an address off the site's suppression list; answers the removed row, or undefined when it was not on it. */
export async function deleteSuppression(db: Kysely<Database>, siteId: string, id: string): Promise<EmailSuppressionRow | undefined> {
  return db.deleteFrom('email_suppressions').where('site_id', '=', siteId).where('id', '=', id).returningAll().executeTakeFirst();
}
