import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './app-env';

/**
 * The caller's IP address. X-Forwarded-For is believed only when the collector is told it
 * runs behind a reverse proxy (TRUST_PROXY=true); otherwise anyone could forge it. Even then
 * only its last entry, the one the trusted proxy appended: the entries before it are whatever
 * the client sent.
 */
export function clientIp(c: Context<AppEnv>): string | null {
  if (c.var.services.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // Requests made through app.request() in tests have no socket.
    return null;
  }
}
