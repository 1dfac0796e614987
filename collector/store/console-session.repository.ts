import { sql, type Kysely } from 'kysely';
import { newId } from './ids';
import type { ConsoleSessionRow, ConsoleUserRow, Database } from './tables';

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

/** A user's sessions that cannot come back (signed out, past their absolute end, or idle since `idleBefore`): kept no longer. */
export async function deleteDeadSessionsOfUser(db: Kysely<Database>, userId: string, now: string, idleBefore: string): Promise<void> {
  await db
    .deleteFrom('console_sessions')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)]))
    .execute();
}

/** Forgets failure counts nobody added to since `before` and that hold no lock. */
export async function deleteStaleSignInFailures(db: Kysely<Database>, before: string): Promise<void> {
  await db
    .deleteFrom('console_sign_in_failures')
    .where('last_failure_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}

/**
 * Takes one sign-in attempt under a key, atomically, unless the key is waiting out a backoff
 * (then undefined). The attempt counts as a failure until it is known to be right (see
 * settleSignInSuccess), so a burst of parallel guesses cannot all slip in before the first
 * failure is written: each gets its own count in one statement, and one past `freeAttempts`
 * also takes the lock (`lockUntil`, a placeholder the caller then shortens) in that same statement.
 */
export async function claimSignInAttempt(
  db: Kysely<Database>,
  claim: { key: string; freeAttempts: number; now: string; forgetBefore: string; lockUntil: string },
): Promise<{ failures: number } | undefined> {
  for (let tries = 0; tries < 3; tries++) {
    const counted = sql<number>`case when ${sql.ref('last_failure_at')} < ${claim.forgetBefore} then 1 else ${sql.ref('failures')} + 1 end`;
    const updated = await db
      .updateTable('console_sign_in_failures')
      .set({
        failures: counted,
        locked_until: sql<string | null>`case when (${counted}) > ${claim.freeAttempts} then ${claim.lockUntil} else null end`,
        last_failure_at: claim.now,
      })
      .where('key', '=', claim.key)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', claim.now)]))
      .returning('failures')
      .executeTakeFirst();
    if (updated) return { failures: Number(updated.failures) };
    const inserted = await db
      .insertInto('console_sign_in_failures')
      .values({ key: claim.key, failures: 1, last_failure_at: claim.now, locked_until: claim.freeAttempts < 1 ? claim.lockUntil : null })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('failures')
      .executeTakeFirst();
    if (inserted) return { failures: 1 };
    // The row exists: either it is locked, or another attempt inserted it just now (try the update again).
    const row = await db.selectFrom('console_sign_in_failures').select('locked_until').where('key', '=', claim.key).executeTakeFirst();
    if (row?.locked_until && row.locked_until > claim.now) return undefined;
  }
  return undefined;
}

/** When a key may try again, if it is waiting. */
export async function signInLockedUntil(db: Kysely<Database>, key: string): Promise<string | null> {
  const row = await db.selectFrom('console_sign_in_failures').select('locked_until').where('key', '=', key).executeTakeFirst();
  return row?.locked_until ?? null;
}

/** Sets how long a key waits after a failed attempt (null: no wait). */
export async function setSignInLock(db: Kysely<Database>, key: string, lockedUntil: string | null): Promise<void> {
  await db.updateTable('console_sign_in_failures').set({ locked_until: lockedUntil }).where('key', '=', key).execute();
}

/** Takes back an attempt that was right: it does not count, and the lock it took is released. */
export async function uncountSignInAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable('console_sign_in_failures')
    .set({ failures: sql<number>`case when ${sql.ref('failures')} > 0 then ${sql.ref('failures')} - 1 else 0 end`, locked_until: null })
    .where('key', '=', key)
    .execute();
}

/** Forgets the failures of a key (a successful sign-in of the account). */
export async function clearSignInFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('console_sign_in_failures').where('key', '=', key).execute();
}
