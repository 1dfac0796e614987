import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { Database } from './tables';

/** Which of these (normalised) addresses asked this site for no more invites. */
export async function suppressedAmong(db: Kysely<Database>, siteId: string, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db
    .selectFrom('email_suppressions')
    .select('email')
    .where('site_id', '=', siteId)
    .where('email', 'in', emails)
    .execute();
  return new Set(rows.map((row) => row.email));
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
