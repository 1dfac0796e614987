import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { VISITOR_UUID_NAME } from '../../collector/contract/visitor-uuid';
import { BENCH_SITE } from './bench-site';

/** The 302 the collector answers a click with (visitor cookie, Location with the uuid, same cache headers): what the claim ceilings answer too. */
export function redirectAnswer(c: Context, visitorUuid: string): Response {
  setCookie(c, VISITOR_UUID_NAME, visitorUuid, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
  const destination = new URL(BENCH_SITE.destination_url);
  destination.searchParams.set(VISITOR_UUID_NAME, visitorUuid);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(destination.href, 302);
}
