// The durable purchase's ceiling: bare Hono on the same Node adapter, parsing the same JSON
// body, then raw better-sqlite3 writing the same rows with the collector's durability settings.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import { announce, closeServer } from '../support/announce';
import { BENCH_SITE } from '../support/bench-site';
import { rawPurchaseRecorder, type RawPurchase } from '../support/raw-purchase';

const [databaseFile] = process.argv.slice(2);
if (!databaseFile) throw new Error('usage: raw-sqlite.server.ts DATABASE_FILE');

const db = new BetterSqlite3(databaseFile);
// The same pragmas as collector/store/database.ts: a 2xx only for a commit that is on disk.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
const site = db.prepare('select id from sites where slug = ?').get(BENCH_SITE.site_slug) as { id: string } | undefined;
if (!site) throw new Error(`the store has no site ${BENCH_SITE.site_slug}: seed it first`);
const recordPurchase = rawPurchaseRecorder(db, site.id);

const app = new Hono();
app.post('/api/v2/origins', async (c) => {
  const body = (await c.req.json()) as { api_key?: string; type?: string; data: RawPurchase };
  if (body.api_key !== BENCH_SITE.api_key || body.type !== 'Purchase') return c.json({ ok: false }, 401);
  const result = recordPurchase(body.data);
  return c.json({ ok: true, result }, 201);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  announce(`http://127.0.0.1:${info.port}`, async () => {
    await closeServer(server);
    db.close();
  });
});
