// The claim redirect's ceiling: Hono on the same Node adapter answering the same 302 the
// collector sends (visitor cookie, Location with the uuid, same cache headers), with no store.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { announce, closeServer } from '../support/announce';
import { VISITOR_UUID_NAME } from '../../collector/contract/visitor-uuid';
import { BENCH_SITE } from '../support/bench-site';

const app = new Hono();
app.get('/x/:code', (c) => {
  const visitorUuid = crypto.randomUUID();
  setCookie(c, VISITOR_UUID_NAME, visitorUuid, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
  const destination = new URL(BENCH_SITE.destination_url);
  destination.searchParams.set(VISITOR_UUID_NAME, visitorUuid);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(destination.href, 302);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  announce(`http://127.0.0.1:${info.port}`, () => closeServer(server));
});
