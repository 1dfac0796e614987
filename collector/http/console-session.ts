import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Site } from '../config/site-config.schema';
import { maySeeSite } from '../domain/console-accounts';
import { sessionOfToken, type ConsoleSession } from '../domain/console-sign-in';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';

/**
 * The merchant console's guard for /console/api/*: the session cookie, the owner-only routes, the
 * sites a user may see, and the check that a state-changing call comes from the collector's own
 * pages (CSRF).
 */

/** The session cookie's name. */
export const SESSION_COOKIE = 'vouch_session';
/** The cookie goes only to the console's paths (below the public path, when the collector is mounted under one). */
const cookiePath = (c: Context<AppEnv>) => `${c.var.services.publicPath}/console`;

/**
 * Who may call a console route: anyone (signing in, setting a password from a link; still only
 * from the collector's own pages), any signed-in user, or owners only.
 */
export type ConsoleAccess = 'console sign-in' | 'console' | 'console owner';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a state-changing call from another origin. Browsers send Origin on every POST, PUT,
 * PATCH and DELETE; it must be the collector's public origin (PUBLIC_URL), or the very host the
 * request was sent to. Without Origin, Sec-Fetch-Site must say same-origin; a call with neither
 * (curl, an old browser) is refused too: SameSite=Lax alone leaves older browsers open.
 */
export function assertSameOrigin(c: Context<AppEnv>): void {
  if (!STATE_CHANGING.has(c.req.method)) return;
  const origin = c.req.header('origin');
  const same = origin !== undefined ? isOwnOrigin(c, origin) : c.req.header('sec-fetch-site') === 'same-origin';
  if (!same) {
    throw ApiError.refused(403, 'cross_origin', 'origin', 'must be the collector\'s own origin: the console changes nothing for another site\'s page');
  }
}

function isOwnOrigin(c: Context<AppEnv>, origin: string): boolean {
  if (origin === c.var.services.publicOrigin) return true;
  try {
    const url = new URL(origin);
    return url.host === c.req.header('host') && url.protocol === new URL(c.req.url).protocol;
  } catch {
    // "null" (a sandboxed frame, a file) or garbage: not ours.
    return false;
  }
}

/** The live session of the call, or undefined. */
export async function currentSession(c: Context<AppEnv>): Promise<ConsoleSession | undefined> {
  if (c.var.consoleSession) return c.var.consoleSession;
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  const { services } = c.var;
  const session = await sessionOfToken(services.db, services.console.lifetimes, token, services.console.now());
  if (session) c.set('consoleSession', session);
  return session;
}

/** The session a console call needs (401 without one), and the owner role when the route wants it (403). */
export async function requireConsoleSession(c: Context<AppEnv>, access: Exclude<ConsoleAccess, 'console sign-in'>): Promise<ConsoleSession> {
  const session = await currentSession(c);
  if (!session) throw ApiError.refused(401, 'unauthenticated', 'session', 'is missing or has ended: sign in');
  if (access === 'console owner' && session.user.role !== 'owner') throw ApiError.refused(403, 'forbidden', 'role', 'must be owner for this');
  return session;
}

/**
 * The site a console call names, if the user may see it. A site they may not see answers like
 * one that does not exist (404), so a reviewer learns nothing of the other sites.
 */
export function consoleSiteOf(c: Context<AppEnv>, session: ConsoleSession, slug: string): Site {
  const site = c.var.services.sites.bySlug(slug);
  if (!site || !maySeeSite(session.user, site.site_slug)) throw ApiError.notFound('site', 'site');
  return site;
}

/**
 * Sets the session cookie: out of scripts' reach (HttpOnly), not sent by other sites' requests
 * except top-level navigation (SameSite=Lax), only over TLS when the collector is served over
 * https, and kept by the browser no longer than the session can live.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: string): void {
  const now = c.var.services.console.now().getTime();
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: cookiePath(c),
    secure: c.var.services.publicUrl.startsWith('https:'),
    maxAge: Math.max(0, Math.floor((new Date(expiresAt).getTime() - now) / 1000)),
  });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: cookiePath(c), httpOnly: true, sameSite: 'Lax', secure: c.var.services.publicUrl.startsWith('https:') });
}
