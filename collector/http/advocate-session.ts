import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Site } from '../config/site-config.schema';
import { checkDashboardToken, mintDashboardToken } from '../signing/dashboard-token';
import type { AppEnv } from './app-env';

/** The advocate dashboard's session cookie. */
export const ADVOCATE_SESSION_COOKIE = 'vouch_advocate';
/** How long a sign-in lasts: long enough to look around, short enough that a shared computer forgets. */
export const ADVOCATE_SESSION_LIFETIME_IN_SECONDS = 30 * 60;

/** The cookie goes only to the one site's dashboard pages. */
const cookiePath = (c: Context<AppEnv>, site: Site) => `${c.var.services.publicPath}/me/${site.site_slug}`;

/**
 * Signs the advocate in to the site's dashboard: the cookie holds a dashboard token the
 * collector mints itself (the format a shop's server mints, see signing/dashboard-token.ts), so
 * no session table is needed and nothing in the store signs anybody in.
 */
export function startAdvocateSession(c: Context<AppEnv>, site: Site, email: string): void {
  const { services } = c.var;
  const expiresAtInSeconds = Math.floor(services.clock().getTime() / 1000) + ADVOCATE_SESSION_LIFETIME_IN_SECONDS;
  setCookie(c, ADVOCATE_SESSION_COOKIE, mintDashboardToken(site.api_key, site.site_slug, email, expiresAtInSeconds), {
    path: cookiePath(c, site),
    httpOnly: true,
    sameSite: 'Lax',
    secure: services.publicUrl.startsWith('https:'),
    maxAge: ADVOCATE_SESSION_LIFETIME_IN_SECONDS,
  });
}

/** The address the call's session cookie signs in, or undefined (none, altered, or over). */
export function advocateSessionEmail(c: Context<AppEnv>, site: Site): string | undefined {
  const token = getCookie(c, ADVOCATE_SESSION_COOKIE);
  if (!token) return undefined;
  const checked = checkDashboardToken(site.api_key, site.site_slug, token, c.var.services.clock());
  return 'email' in checked ? checked.email : undefined;
}

/** Signs out: the cookie is gone. */
export function endAdvocateSession(c: Context<AppEnv>, site: Site): void {
  deleteCookie(c, ADVOCATE_SESSION_COOKIE, { path: cookiePath(c, site), secure: c.var.services.publicUrl.startsWith('https:') });
}
