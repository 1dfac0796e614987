import { createHmac } from 'node:crypto';
import { keysMatch } from './constant-time';

/** Longest a dashboard token may live: a leaked one is worth little for long. */
export const MAX_DASHBOARD_TOKEN_LIFETIME_IN_SECONDS = 60 * 60;

/**
 * What a dashboard token signs: `vouch-dashboard:<site_slug>:<email>:<expiry>`, the email
 * trimmed and lower-cased, the expiry in Unix seconds. The site slug keeps a token of one site
 * from opening another site's dashboard.
 */
export function dashboardTokenMessage(siteSlug: string, email: string, expiresAtInSeconds: number): string {
  return `vouch-dashboard:${siteSlug}:${email.trim().toLowerCase()}:${expiresAtInSeconds}`;
}

/**
 * A dashboard token, as a shop's server (or the collector, for its own session cookie) mints it:
 * base64url of `<email>.<expiry>.<hex HMAC-SHA256 of dashboardTokenMessage keyed with the site's secret key>`.
 */
export function mintDashboardToken(siteSecret: string, siteSlug: string, email: string, expiresAtInSeconds: number): string {
  const normalized = email.trim().toLowerCase();
  const signature = createHmac('sha256', siteSecret).update(dashboardTokenMessage(siteSlug, normalized, expiresAtInSeconds)).digest('hex');
  return Buffer.from(`${normalized}.${expiresAtInSeconds}.${signature}`).toString('base64url');
}

/** Why a token opens nothing: its signature is not the site's, or its time is over (or too far off). */
export type DashboardTokenRefusal = 'invalid' | 'expired';

/**
 * The address a token signs in, or why not. The expiry must be in the future and at most
 * MAX_DASHBOARD_TOKEN_LIFETIME_IN_SECONDS away: a token meant to last for ever is refused.
 */
export function checkDashboardToken(siteSecret: string, siteSlug: string, token: string, now: Date): { email: string } | { refused: DashboardTokenRefusal } {
  // Padding is accepted too: a shell's base64 leaves it on.
  const decoded = Buffer.from(token.replace(/=+$/, ''), 'base64url').toString('utf8');
  // The email may hold dots itself: the expiry and signature are the last two parts.
  const match = /^(.{3,254})\.(\d{1,12})\.([0-9a-f]{64})$/.exec(decoded);
  if (!match || !match[1]!.includes('@')) return { refused: 'invalid' };
  const [, email, expiry, signature] = match as unknown as [string, string, string, string];
  const expiresAtInSeconds = Number(expiry);
  const expected = createHmac('sha256', siteSecret).update(dashboardTokenMessage(siteSlug, email, expiresAtInSeconds)).digest('hex');
  if (!keysMatch(expected, signature) || email !== email.trim().toLowerCase()) return { refused: 'invalid' };
  const nowInSeconds = Math.floor(now.getTime() / 1000);
  if (expiresAtInSeconds <= nowInSeconds || expiresAtInSeconds > nowInSeconds + MAX_DASHBOARD_TOKEN_LIFETIME_IN_SECONDS) return { refused: 'expired' };
  return { email };
}
