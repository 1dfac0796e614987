// The claim redirect's durable ceiling: bare Hono on the same Node adapter answering the same 302
// as bare-hono.server.ts, after raw better-sqlite3 has looked the link up and committed the same
// click rows the collector writes (the claim, its threshold mark and count), with the same group
// commit: the clicks that arrive together share one transaction and one fsync, and each answer
// waits for the commit that holds its click.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { addressGroup } from '../../collector/net/address-group';
import { clickerMark } from '../../collector/store/clicker-mark';
import { newId } from '../../collector/store/ids';
import { announce, closeServer } from '../support/announce';
import { redirectAnswer } from '../support/redirect-answer';

const [databaseFile] = process.argv.slice(2);
if (!databaseFile) throw new Error('usage: raw-click.server.ts DATABASE_FILE');

const db = new BetterSqlite3(databaseFile);
// The same pragmas as collector/store/database.ts: an answer only for a commit that is on disk.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

const findLink = db.prepare<[string], { link_id: string; channel: string; offer_id: string; site_id: string; person_id: string }>(
  `select cl.id as link_id, cl.channel, o.id as offer_id, o.site_id, o.person_id
   from claim_links cl join offers o on o.id = cl.offer_id where cl.code = ?`,
);
const insertClaim = db.prepare(
  `insert into claims (id, site_id, offer_id, claim_link_id, channel, visitor_uuid, ip_address, network, user_agent, created_at)
   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insertMark = db.prepare(`insert into threshold_marks (site_id, advocate_person_id, reward_action_type, mark) values (?, ?, 3, ?) on conflict do nothing`);
const addCounts = db.prepare(
  `insert into threshold_counts (site_id, advocate_person_id, clicks, distinct_clickers, shares) values (?, ?, 1, ?, 0)
   on conflict (site_id, advocate_person_id) do update set clicks = threshold_counts.clicks + 1,
     distinct_clickers = threshold_counts.distinct_clickers + excluded.distinct_clickers`,
);

interface Click {
  code: string;
  visitorUuid: string;
  ip: string | null;
  userAgent: string | null;
  done: (found: boolean) => void;
  failed: (error: unknown) => void;
}

/** Most clicks one commit takes, as collector/store/write-transaction.ts. */
const MAX_UNITS_PER_COMMIT = 64;
const queue: Click[] = [];
let flushing = false;

const commitBatch = db.transaction((batch: Click[]) =>
  batch.map((click) => {
    const link = findLink.get(click.code);
    if (!link) return false;
    const network = click.ip ? addressGroup(click.ip) : null;
    insertClaim.run(newId(), link.site_id, link.offer_id, link.link_id, link.channel, click.visitorUuid, click.ip, network, click.userAgent, new Date().toISOString());
    const mark = clickerMark(link.site_id, link.person_id, { network, ip_address: click.ip, visitor_uuid: click.visitorUuid });
    const isNew = insertMark.run(link.site_id, link.person_id, mark).changes > 0;
    addCounts.run(link.site_id, link.person_id, isNew ? 1 : 0);
    return true;
  }),
);

function flush(): void {
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_UNITS_PER_COMMIT);
    try {
      const found = commitBatch(batch);
      batch.forEach((click, index) => click.done(found[index]!));
    } catch (error) {
      for (const click of batch) click.failed(error);
    }
  }
  flushing = false;
}

function recordClick(click: Omit<Click, 'done' | 'failed'>): Promise<boolean> {
  return new Promise((done, failed) => {
    queue.push({ ...click, done, failed });
    if (!flushing) {
      flushing = true;
      // Let the requests already read from the sockets queue up before the commit.
      setImmediate(flush);
    }
  });
}

const app = new Hono();
app.get('/x/:code', async (c) => {
  const visitorUuid = crypto.randomUUID();
  const found = await recordClick({ code: c.req.param('code'), visitorUuid, ip: getConnInfo(c).remote.address ?? null, userAgent: c.req.header('user-agent')?.slice(0, 400) ?? null });
  return found ? redirectAnswer(c, visitorUuid) : c.text('not found', 404);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  announce(`http://127.0.0.1:${info.port}`, async () => {
    await closeServer(server);
    db.close();
  });
});
