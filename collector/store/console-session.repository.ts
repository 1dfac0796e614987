import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { ConsoleSessionRow, ConsoleSignInFailureRow, ConsoleUserRow, Database } from './tables';

/** Stores a new session (its token's hash only). */
export async function insertSession(
  db: Kysely<Database>,
  session: { userId: string; tokenHash: string; expiresAt: string; ipAddress: string | null; userAgent: string | null },
  now: string,
): Promise<ConsoleSessionRow> {
  const row: ConsoleSessionRow = {
    id: newId(),
    user_id: session.userId,
    token_hash: session.tokenHash,
    created_at: now,
    last_seen_at: now,
    expires_at: session.expiresAt,
    revoked_at: null,
    ip_address: session.ipAddress,
    user_agent: session.userAgent,
  };
  await db.insertInto('console_sessions').values(row).execute();
  return row;
}

/** A session that was not signed out, with its user, by its token's hash. */
export async function findLiveSession(db: Kysely<Database>, tokenHash: string): Promise<{ session: ConsoleSessionRow; user: ConsoleUserRow } | undefined> {
  const session = await db.selectFrom('console_sessions').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
  if (!session) return undefined;
  const user = await db.selectFrom('console_users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
  return user ? { session, user } : undefined;
}

/** Records that the session was used now. */
export async function touchSession(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('console_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Signs one session out. */
export async function revokeSession(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('console_sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Signs every session of a user out; answers how many were live. */
export async function revokeSessionsOfUser(db: Kysely<Database>, userId: string, now: string): Promise<number> {
  const result = await db.updateTable('console_sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sessions that cannot come back (signed out, or past their absolute end) before a time: kept no longer. */
export async function deleteDeadSessions(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('console_sessions').where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)])).execute();
}

/** The failed sign-ins counted under some keys. */
export async function findSignInFailures(db: Kysely<Database>, keys: readonly string[]): Promise<ConsoleSignInFailureRow[]> {
  if (keys.length === 0) return [];
  return db.selectFrom('console_sign_in_failures').selectAll().where('key', 'in', keys).execute();
}

/** Writes the failure count of a key. */
export async function saveSignInFailure(db: Kysely<Database>, row: ConsoleSignInFailureRow): Promise<void> {
  await db
    .insertInto('console_sign_in_failures')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, last_failure_at: row.last_failure_at, locked_until: row.locked_until }))
    .execute();
}

/** Forgets the failures of a key (a successful sign-in of the account). */
export async function clearSignInFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('console_sign_in_failures').where('key', '=', key).execute();
}
