import type { Kysely } from 'kysely';
import type { ConsoleUser } from '../contract/console-api';
import { consoleTokenHash, newConsoleToken } from '../signing/console-token';
import { UNMATCHABLE_PASSWORD_HASH, verifyPassword } from '../signing/password-hash';
import {
  claimSignInAttempt,
  clearSignInFailures,
  deleteDeadSessionsOfUser,
  deleteStaleSignInFailures,
  findLiveSession,
  insertSession,
  revokeSession,
  revokeSessionsOfUser,
  setSignInLock,
  signInLockedUntil,
  touchSession,
  uncountSignInAttempt,
} from '../store/console-session.repository';
import type { ConsoleSessionRow, Database } from '../store/tables';
import { findUserByEmail } from '../store/user.repository';
import { writeTransaction } from '../store/write-transaction';
import { recordAudit } from './audit-log';
import { consoleUserOf, normalizeUserEmail } from './console-accounts';
import { Refusal } from './refusal';

/** How long console sessions last. */
export interface SessionLifetimes {
  /** A session unused this long ends (CONSOLE_SESSION_IDLE_HOURS, 12 h by default). */
  idleInMs: number;
  /** A session ends this long after sign-in however much it is used (CONSOLE_SESSION_MAX_DAYS, 7 days by default). */
  absoluteInMs: number;
}

export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleInMs: 12 * 60 * 60 * 1000, absoluteInMs: 7 * 24 * 60 * 60 * 1000 };

/**
 * How failed sign-ins slow further tries down. Past the free failures each failure makes the key
 * wait before its next try, twice as long as the last wait, up to a cap: guessing goes no faster
 * than one try per cap, while the real owner, whose account an attacker keeps failing, waits at
 * most the cap and never for good. The address allows more failures than the account, since
 * several people may share an office's address. Failures are forgotten after a quiet hour.
 */
export const SIGN_IN_BACKOFF = {
  freeFailuresPerAccount: 5,
  freeFailuresPerAddress: 20,
  firstWaitInMs: 10_000,
  maxWaitInMs: 15 * 60 * 1000,
  forgetAfterInMs: 60 * 60 * 1000,
} as const;

/** A signed-in session as the HTTP layer needs it. */
export interface ConsoleSession {
  id: string;
  user: ConsoleUser;
  expiresAt: string;
}

/** How often, at most, a session's last use is written: not a write per request. */
const TOUCH_EVERY_IN_MS = 60_000;

/** Refused sign-ins answer this one message, whatever was wrong. */
function invalidCredentials(): Refusal {
  return new Refusal({ code: 'invalid_credentials', kind: 'unauthorized', field: 'email', detail: 'or password is wrong', message: 'the email or password is wrong' });
}

function tooManyAttempts(waitInMs: number): Refusal {
  const seconds = Math.max(1, Math.ceil(waitInMs / 1000));
  return new Refusal({
    code: 'too_many_attempts',
    kind: 'too_many',
    field: 'email',
    detail: `too many failed sign-ins: try again in ${seconds} s`,
    message: `too many failed sign-ins; try again in ${seconds} s`,
    retryAfterInSeconds: seconds,
  });
}

/**
 * Signs a user in by address and password, counting attempts per account and per client
 * address (`addressKey`). While either is waiting out its backoff nothing is checked, so no
 * answer then says whether a password was right; an unknown address and a wrong password
 * answer the same, in the same time.
 */
export async function signIn(
  db: Kysely<Database>,
  lifetimes: SessionLifetimes,
  attempt: { email: string; password: string; addressKey: string; ipAddress: string | null; userAgent: string | null },
  now: Date,
): Promise<{ session: ConsoleSession; token: string }> {
  const email = normalizeUserEmail(attempt.email);
  const keys = [
    { key: `address:${attempt.addressKey}`, free: SIGN_IN_BACKOFF.freeFailuresPerAddress },
    { key: `account:${email}`, free: SIGN_IN_BACKOFF.freeFailuresPerAccount },
  ];
  // Every attempt is counted before the password is checked (a burst of parallel guesses gets
  // no more tries than one after the other); a right one is taken back afterwards.
  const claimed: { key: string; free: number; failures: number }[] = [];
  for (const { key, free } of keys) {
    const claim = await writeTransaction(db, (trx) =>
      claimSignInAttempt(trx, {
        key,
        freeAttempts: free,
        now: now.toISOString(),
        forgetBefore: new Date(now.getTime() - SIGN_IN_BACKOFF.forgetAfterInMs).toISOString(),
        lockUntil: new Date(now.getTime() + SIGN_IN_BACKOFF.maxWaitInMs).toISOString(),
      }),
    );
    if (!claim) {
      // Waiting: what was counted already stands as a failure (the address trying a locked account).
      await settleFailure(db, claimed, now);
      const lockedUntil = await signInLockedUntil(db, key);
      throw tooManyAttempts(lockedUntil ? new Date(lockedUntil).getTime() - now.getTime() : SIGN_IN_BACKOFF.firstWaitInMs);
    }
    claimed.push({ key, free, failures: claim.failures });
  }

  const user = await findUserByEmail(db, email);
  const matches = await verifyPassword(attempt.password, user?.password_hash ?? UNMATCHABLE_PASSWORD_HASH);
  if (!user || !user.password_hash || !matches) {
    await settleFailure(db, claimed, now);
    throw invalidCredentials();
  }

  const token = newConsoleToken();
  const expiresAt = new Date(now.getTime() + lifetimes.absoluteInMs).toISOString();
  const row = await writeTransaction(db, async (trx) => {
    // The account's failures end with its owner's success; the address's wear off by themselves
    // (or an attacker with one account of their own could wipe their address's count): only this
    // attempt is taken back.
    await clearSignInFailures(trx, `account:${email}`);
    await uncountSignInAttempt(trx, `address:${attempt.addressKey}`);
    // Housekeeping, on the rare successful sign-in: the user's ended sessions, and counts forgotten anyway.
    await deleteDeadSessionsOfUser(trx, user.id, now.toISOString(), new Date(now.getTime() - lifetimes.idleInMs).toISOString());
    await deleteStaleSignInFailures(trx, new Date(now.getTime() - SIGN_IN_BACKOFF.forgetAfterInMs).toISOString());
    return insertSession(trx, { userId: user.id, tokenHash: consoleTokenHash(token), expiresAt, ipAddress: attempt.ipAddress, userAgent: attempt.userAgent }, now.toISOString());
  });
  return { session: { id: row.id, user: consoleUserOf(user), expiresAt }, token };
}

/**
 * Settles counted attempts as failures: a key past its free attempts waits before its next
 * try, twice as long for each failure more, up to the cap (the claim's placeholder lock was the cap).
 */
async function settleFailure(db: Kysely<Database>, claimed: readonly { key: string; free: number; failures: number }[], now: Date): Promise<void> {
  for (const { key, free, failures } of claimed) {
    const over = failures - free;
    if (over <= 0) continue;
    const waitInMs = Math.min(SIGN_IN_BACKOFF.maxWaitInMs, SIGN_IN_BACKOFF.firstWaitInMs * 2 ** Math.min(over - 1, 30));
    await writeTransaction(db, (trx) => setSignInLock(trx, key, new Date(now.getTime() + waitInMs).toISOString()));
  }
}

/**
 * The session a cookie's token names, if it is live: not signed out, within its absolute end,
 * and used within the idle time. Its last use is recorded (at most once a minute).
 */
export async function sessionOfToken(db: Kysely<Database>, lifetimes: SessionLifetimes, token: string, now: Date): Promise<ConsoleSession | undefined> {
  const found = await findLiveSession(db, consoleTokenHash(token));
  if (!found || !isLive(found.session, lifetimes, now)) return undefined;
  if (now.getTime() - new Date(found.session.last_seen_at).getTime() >= TOUCH_EVERY_IN_MS) await touchSession(db, found.session.id, now.toISOString());
  return { id: found.session.id, user: consoleUserOf(found.user), expiresAt: found.session.expires_at };
}

function isLive(session: ConsoleSessionRow, lifetimes: SessionLifetimes, now: Date): boolean {
  const at = now.getTime();
  return at < new Date(session.expires_at).getTime() && at - new Date(session.last_seen_at).getTime() < lifetimes.idleInMs;
}

/** Ends this session. */
export async function signOut(db: Kysely<Database>, sessionId: string, now: Date): Promise<void> {
  await revokeSession(db, sessionId, now.toISOString());
}

/** Ends every session of the user (every browser they signed in on), and says so in the audit log. */
export async function signOutEverywhere(db: Kysely<Database>, user: ConsoleUser, now: Date): Promise<number> {
  return writeTransaction(db, async (trx) => {
    const ended = await revokeSessionsOfUser(trx, user.id, now.toISOString());
    await recordAudit(trx, { actor: { userId: user.id, email: user.email }, action: 'user.sign_out_everywhere', subject: user.email, detail: { sessions: ended } }, now);
    return ended;
  });
}
