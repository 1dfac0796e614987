import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { ConsoleRole, ConsoleUserRow, Database } from './tables';

/** A console user by (lower-case) address. */
export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<ConsoleUserRow | undefined> {
  return db.selectFrom('console_users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** A console user by id. */
export async function findUserById(db: Kysely<Database>, id: string): Promise<ConsoleUserRow | undefined> {
  return db.selectFrom('console_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every console user, by address. */
export async function listUsers(db: Kysely<Database>): Promise<ConsoleUserRow[]> {
  return db.selectFrom('console_users').selectAll().orderBy('email').execute();
}

/** Adds a user, or answers undefined when the address has one already. */
export async function insertUser(
  db: Kysely<Database>,
  user: { email: string; role: ConsoleRole; sites: string[] | null; passwordHash: string | null },
  now: string,
): Promise<ConsoleUserRow | undefined> {
  const row: ConsoleUserRow = {
    id: newId(),
    email: user.email,
    role: user.role,
    sites: user.sites === null ? null : JSON.stringify(user.sites),
    password_hash: user.passwordHash,
    created_at: now,
    updated_at: now,
  };
  const inserted = await db.insertInto('console_users').values(row).onConflict((oc) => oc.column('email').doNothing()).returning('id').executeTakeFirst();
  return inserted ? row : undefined;
}

/** Changes a user's role, sites or password hash. */
export async function updateUser(
  db: Kysely<Database>,
  id: string,
  changes: Partial<Pick<ConsoleUserRow, 'role' | 'sites' | 'password_hash'>>,
  now: string,
): Promise<void> {
  await db.updateTable('console_users').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
}

/** Removes a user with their sessions and set-password links; answers whether there was one. */
export async function deleteUser(db: Kysely<Database>, id: string): Promise<boolean> {
  // Deleted here rather than left to ON DELETE CASCADE: SQLite applies it only with foreign keys on.
  await db.deleteFrom('console_sessions').where('user_id', '=', id).execute();
  await db.deleteFrom('console_password_tokens').where('user_id', '=', id).execute();
  const result = await db.deleteFrom('console_users').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** How many owners there are (the last one may not be removed). */
export async function countOwners(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('console_users').select(db.fn.countAll<string | number>().as('count')).where('role', '=', 'owner').executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Stores a set-password link's token hash. */
export async function insertPasswordToken(db: Kysely<Database>, userId: string, tokenHash: string, expiresAt: string, now: string): Promise<void> {
  await db.insertInto('console_password_tokens').values({ id: newId(), user_id: userId, token_hash: tokenHash, expires_at: expiresAt, used_at: null, created_at: now }).execute();
}

/**
 * Uses a set-password link once: marks it used if it is unused and unexpired, and answers its
 * user's id; undefined when it is unknown, used or expired.
 */
export async function usePasswordToken(db: Kysely<Database>, tokenHash: string, now: string): Promise<string | undefined> {
  const token = await db
    .selectFrom('console_password_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!token) return undefined;
  const used = await db.updateTable('console_password_tokens').set({ used_at: now }).where('id', '=', token.id).where('used_at', 'is', null).executeTakeFirst();
  return used.numUpdatedRows > 0n ? token.user_id : undefined;
}
