// The claim redirect's ceiling: Hono on the same Node adapter answering the same 302 the
// collector sends (visitor cookie, Location with the uuid, same cache headers), with no store.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { announce, closeServer } from '../support/announce';
import { redirectAnswer } from '../support/redirect-answer';

const app = new Hono();
app.get('/x/:code', (c) => redirectAnswer(c, crypto.randomUUID()));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  announce(`http://127.0.0.1:${info.port}`, () => closeServer(server));
});
