import type { Kysely } from 'kysely';
import { MIN_PASSWORD_LENGTH, type ConsoleUser } from '../contract/console-api';
import { consoleTokenHash, newConsoleToken } from '../signing/console-token';
import { hashPassword, verifyPassword } from '../signing/password-hash';
import { revokeSessionsOfUser } from '../store/console-session.repository';
import type { ConsoleRole, ConsoleUserRow, Database } from '../store/tables';
import {
  countOwners,
  deleteUser,
  findUserByEmail,
  findUserById,
  insertPasswordToken,
  insertUser,
  listUsers,
  updateUser,
  usePasswordToken,
} from '../store/user.repository';
import { writeTransaction } from '../store/write-transaction';
import { recordAudit, type Actor } from './audit-log';
import { Refusal } from './refusal';

/**
 * The merchant console's users. An owner may do everything on every site, users included; a
 * reviewer works the review queue (and later look-up and exports) of the sites named for them.
 */

/** Longest password taken: scrypt reads all of it, and nobody types more. */
const MAX_PASSWORD_LENGTH = 1024;

/** How long a set-password link printed by `vouch users add` works. */
export const PASSWORD_LINK_LIFETIME_IN_MS = 24 * 60 * 60 * 1000;

/** A user as the console sees them. */
export function consoleUserOf(row: ConsoleUserRow): ConsoleUser {
  return { id: row.id, email: row.email, role: row.role, sites: row.sites === null ? 'all' : (JSON.parse(row.sites) as string[]) };
}

/** Whether the user may see (and act on) a site. */
export function maySeeSite(user: ConsoleUser, siteSlug: string): boolean {
  return user.sites === 'all' || user.sites.includes(siteSlug);
}

/** Refuses a password too short to resist guessing. */
export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new Refusal({
      code: 'password_too_short',
      kind: 'invalid',
      field: 'password',
      detail: `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    });
  }
}

/** The lower-case form addresses are stored and compared in. */
export function normalizeUserEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Adds a user without a password and answers a one-time token for their set-password link.
 * Owners see every site; a reviewer sees the sites named (which the store must know).
 */
export async function addUser(
  db: Kysely<Database>,
  request: { email: string; role: ConsoleRole; sites: string[] | null; knownSites: readonly string[] },
  actor: Actor,
  now = new Date(),
): Promise<{ user: ConsoleUser; token: string; expiresAt: string }> {
  const email = normalizeUserEmail(request.email);
  const sites = request.role === 'owner' ? null : [...new Set(request.sites ?? [])];
  const unknown = (sites ?? []).filter((slug) => !request.knownSites.includes(slug));
  if (unknown.length > 0) {
    throw new Refusal({
      code: 'unknown_site',
      kind: 'invalid',
      field: 'sites',
      detail: `names no site this collector serves: ${unknown.join(', ')}`,
      message: `no site ${unknown.join(', ')} in this collector's configuration (sites: ${request.knownSites.join(', ')})`,
    });
  }
  if (request.role === 'owner' && request.sites?.length) {
    throw new Refusal({ code: 'unknown_site', kind: 'invalid', field: 'sites', detail: 'is for reviewers: an owner sees every site' });
  }
  if (request.role === 'reviewer' && sites!.length === 0) {
    throw new Refusal({ code: 'unknown_site', kind: 'invalid', field: 'sites', detail: 'must name at least one site for a reviewer' });
  }
  return writeTransaction(db, async (trx) => {
    const row = await insertUser(trx, { email, role: request.role, sites, passwordHash: null }, now.toISOString());
    if (!row) throw new Refusal({ code: 'user_exists', kind: 'conflict', field: 'email', detail: 'has a console user already', message: `${email} has a console user already` });
    const link = await issuePasswordLink(trx, row.id, now);
    await recordAudit(trx, { actor, action: 'user.add', subject: email, detail: { role: request.role, sites: sites ?? 'all' } }, now);
    return { user: consoleUserOf(row), ...link };
  });
}

/**
 * A new set-password link for an existing user: a lost password, or a link that expired. Their
 * current password keeps working until the link is used.
 */
export async function newPasswordLink(db: Kysely<Database>, email: string, actor: Actor, now = new Date()): Promise<{ user: ConsoleUser; token: string; expiresAt: string }> {
  const address = normalizeUserEmail(email);
  return writeTransaction(db, async (trx) => {
    const row = await findUserByEmail(trx, address);
    if (!row) throw new Refusal({ code: 'user_not_found', kind: 'not_found', field: 'email', detail: 'has no console user', message: `no console user has the address ${address}` });
    const link = await issuePasswordLink(trx, row.id, now);
    await recordAudit(trx, { actor, action: 'user.password_link', subject: address }, now);
    return { user: consoleUserOf(row), ...link };
  });
}

/** A fresh one-time set-password token for a user (the link's `token`). */
async function issuePasswordLink(trx: Kysely<Database>, userId: string, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = newConsoleToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_LIFETIME_IN_MS).toISOString();
  await insertPasswordToken(trx, userId, consoleTokenHash(token), expiresAt, now.toISOString());
  return { token, expiresAt };
}

/** Every user. */
export async function listConsoleUsers(db: Kysely<Database>): Promise<(ConsoleUser & { has_password: boolean; created_at: string })[]> {
  return (await listUsers(db)).map((row) => ({ ...consoleUserOf(row), has_password: row.password_hash !== null, created_at: row.created_at }));
}

/** A user's address by id, if there is one. */
export async function emailOfUser(db: Kysely<Database>, id: string): Promise<string | undefined> {
  return (await findUserById(db, id))?.email;
}

/** Removes a user and ends their sessions; the last owner stays. */
export async function removeUser(db: Kysely<Database>, email: string, actor: Actor, now = new Date()): Promise<void> {
  const address = normalizeUserEmail(email);
  await writeTransaction(db, async (trx) => {
    const row = await findUserByEmail(trx, address);
    if (!row) throw new Refusal({ code: 'user_not_found', kind: 'not_found', field: 'email', detail: 'has no console user', message: `no console user has the address ${address}` });
    if (row.role === 'owner' && (await countOwners(trx)) <= 1) {
      throw new Refusal({ code: 'last_owner', kind: 'conflict', field: 'email', detail: 'is the last owner: add another owner first', message: `${address} is the last owner: add another owner first` });
    }
    await deleteUser(trx, row.id);
    await recordAudit(trx, { actor, action: 'user.remove', subject: address, detail: { role: row.role } }, now);
  });
}

/**
 * Sets a password through a one-time link. Every session of the user ends: whoever knew the old
 * password is signed out.
 */
export async function setPasswordWithLink(db: Kysely<Database>, token: string, password: string, now = new Date()): Promise<ConsoleUser> {
  checkPasswordStrength(password);
  const hash = await hashPassword(password);
  return writeTransaction(db, async (trx) => {
    const userId = await usePasswordToken(trx, consoleTokenHash(token), now.toISOString());
    if (!userId) throw new Refusal({ code: 'password_link_invalid', kind: 'invalid', field: 'token', detail: 'is unknown, used already or expired: ask an owner for a new link' });
    await updateUser(trx, userId, { password_hash: hash }, now.toISOString());
    await revokeSessionsOfUser(trx, userId, now.toISOString());
    const row = (await trx.selectFrom('console_users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow());
    await recordAudit(trx, { actor: { userId, email: row.email }, action: 'user.password_set', subject: row.email }, now);
    return consoleUserOf(row);
  });
}

/**
 * Makes sure the owner named at start (VOUCH_ADMIN_EMAIL, VOUCH_ADMIN_PASSWORD) exists, with that
 * password and the owner role; nothing is written when it already does, so restarts are quiet.
 * A password change ends the owner's other sessions.
 */
export async function ensureOwner(db: Kysely<Database>, emailGiven: string, password: string, actor: Actor, now = new Date()): Promise<'created' | 'updated' | 'unchanged'> {
  checkPasswordStrength(password);
  const email = normalizeUserEmail(emailGiven);
  const existing = await findUserByEmail(db, email);
  const samePassword = existing?.password_hash ? await verifyPassword(password, existing.password_hash) : false;
  if (existing && existing.role === 'owner' && existing.sites === null && samePassword) return 'unchanged';
  const hash = samePassword ? existing!.password_hash! : await hashPassword(password);
  return writeTransaction(db, async (trx) => {
    const at = now.toISOString();
    const row = await findUserByEmail(trx, email);
    if (!row) {
      await insertUser(trx, { email, role: 'owner', sites: null, passwordHash: hash }, at);
      await recordAudit(trx, { actor, action: 'user.add', subject: email, detail: { role: 'owner', sites: 'all' } }, now);
      return 'created';
    }
    await updateUser(trx, row.id, { role: 'owner', sites: null, password_hash: hash }, at);
    if (!samePassword) await revokeSessionsOfUser(trx, row.id, at);
    await recordAudit(trx, { actor, action: 'user.update', subject: email, detail: { role: 'owner', sites: 'all', password_changed: !samePassword } }, now);
    return 'updated';
  });
}
