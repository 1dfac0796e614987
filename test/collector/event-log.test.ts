import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../collector/signing/unsubscribe-token';
import { enqueueWebhook } from '../../collector/webhooks/webhook-fan-out';
import { startCollector, type TestCollector, type TestCollectorOptions } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { testStoreKind } from '../support/test-store';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  cleanups.push(() => started.close());
  return started;
}

async function start(site: Record<string, unknown> = {}, options: Partial<TestCollectorOptions> = {}): Promise<TestCollector> {
  const collector = await startCollector({ site: { allow_private_webhook_hosts: true, approval: { mode: 'manual' }, ...site }, outbox: FAST_OUTBOX, ...options });
  cleanups.push(() => collector.cleanup());
  return collector;
}

/** GET /api/v2/events with the site's key in the Authorization header, as the README shows. */
function events(collector: Pick<TestCollector, 'get' | 'siteSlug' | 'apiKey'>, query = '') {
  return collector.get(`/api/v2/events?site_slug=${collector.siteSlug}${query}`, { authorization: `Bearer ${collector.apiKey}` });
}

/** Every event of the site, oldest first, read page by page as a poller does. */
async function allEvents(collector: Pick<TestCollector, 'get' | 'siteSlug' | 'apiKey'>, query = ''): Promise<any[]> {
  const seen: any[] = [];
  let cursor: string | null = null;
  for (;;) {
    const answer = await events(collector, `&order=asc&limit=100${query}${cursor ? `&after=${cursor}` : ''}`);
    expect(answer.status).toBe(200);
    seen.push(...answer.body.result.events);
    cursor = answer.body.result.next_cursor;
    if (!answer.body.result.has_more) return seen;
  }
}

/**
 * The whole log once it holds `count` events. On PostgreSQL an event is handed out once every
 * transaction that began writing before it has ended, on the whole server (other test files'
 * included), so a read right after a write may briefly see less.
 */
async function settledLog(collector: Pick<TestCollector, 'get' | 'siteSlug' | 'apiKey'>, count: number): Promise<any[]> {
  return eventually(() => allEvents(collector), (log) => log.length >= count);
}

/** Polls until `test` holds, for at most `timeoutInMs`. */
async function eventually<T>(read: () => Promise<T>, test: (value: T) => boolean, timeoutInMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const value = await read();
    if (test(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutInMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the event log', () => {
  it('holds every event, with the body its web hook carried and the event id its delivery shows', async () => {
    const hooks = await receiver();
    const collector = await start({ webhooks: [{ url: hooks.url, secret: TEST_WEBHOOK_SECRET, events: ['referral', 'reward', 'referral.created', 'referral.blocked', 'referral.voided'] }] });
    const first = await makeReferral(collector);
    await setStatus(collector, first.originSlug, 'approved');
    const refund = await collector.post(`/api/v2/origins/${first.originSlug}/refund`, { api_key: collector.apiKey, site_slug: collector.siteSlug });
    expect(refund.status).toBe(200);
    const second = await makeReferral(collector, { advocate: 'cat@example.com', friend: 'dan@example.com', order: 'F-2' });
    await setStatus(collector, second.originSlug, 'voided');
    const self = await makeReferral(collector, { friend: 'ann@example.com', order: 'SELF-1' });
    expect(self.referral.status).toBe('blocked');
    expect((await setStatus(collector, self.originSlug, 'unblocked')).status).toBe(200);

    const log = await settledLog(collector, 15);
    expect(log.map((event) => event.type)).toEqual([
      'event.created',
      'referral.created',
      'event.created',
      'referral.approved',
      'reward.issued',
      'reward.issued',
      'reward.reversed',
      'event.created',
      'referral.created',
      'event.created',
      'referral.voided',
      'referral.created',
      'referral.blocked',
      'event.created',
      'referral.unblocked',
    ]);
    // Every purchase is an event (Talkable's Event web hook covers purchases), each once: the
    // advocate's second call with the same order is a retry, not a second purchase.
    const purchases = log.filter((event) => event.type === 'event.created');
    expect(purchases.map((event) => event.data.origin.order_number)).toEqual(['ADV-ann@example.com', 'F-1', 'ADV-cat@example.com', 'F-2', 'SELF-1']);
    expect(purchases.map((event) => event.subject_id)).toEqual(purchases.map((event) => event.data.origin.id));
    const referralEvents = log.filter((event) => event.type !== 'event.created');
    expect(referralEvents.map((event) => event.subject_id)).toEqual([...Array(5).fill(first.referral.id), ...Array(2).fill(second.referral.id), ...Array(3).fill(self.referral.id)]);
    expect(Object.keys(log[0])).toEqual(['id', 'type', 'created_at', 'subject_id', 'data', 'deliveries']);

    // The endpoint subscribed to referral and reward events, not to purchases'.
    const received = await hooks.waitForDelivered(referralEvents.length);
    const deliveries = (await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` })).body.result.deliveries;
    for (const request of received) {
      const body = JSON.parse(request.body);
      const event = log.find((candidate) => candidate.id === body.event_id);
      expect(event, `an event for ${body.type}`).toBeDefined();
      // The web hook's body is the event's data with its id added; the webhook-id is the delivery's.
      expect(body).toEqual({ ...event.data, event_id: event.id });
      expect(event.deliveries).toEqual([{ id: request.headers['webhook-id'], endpoint_url: hooks.url, status: expect.any(String) }]);
      expect(deliveries.find((delivery: any) => delivery.id === request.headers['webhook-id']).event_id).toBe(event.id);
    }
    const reversed = log.find((event) => event.type === 'reward.reversed');
    expect(reversed.data.reward).toMatchObject({ reason: 'referrer', status: 'Voided' });
    expect(new Set(received.map((request) => JSON.parse(request.body).event_id)).size).toBe(referralEvents.length);
    expect(purchases.every((event) => event.deliveries.length === 0)).toBe(true);
  });

  it('records events no endpoint subscribed to, and those of a site with no web hooks at all', async () => {
    const hooks = await receiver();
    const collector = await start({ webhooks: [{ url: hooks.url, secret: TEST_WEBHOOK_SECRET, events: ['referral.voided'] }] });
    const { originSlug, referral, advocateOffer } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    expect((await settledLog(collector, 6)).map((event) => [event.type, event.deliveries.length])).toEqual([
      ['event.created', 0],
      ['referral.created', 0],
      ['event.created', 0],
      ['referral.approved', 0],
      ['reward.issued', 0],
      ['reward.issued', 0],
    ]);

    // A site with no web hooks at all still keeps every kind of event: purchases, referrals,
    // shares and unsubscribes.
    const bare = await start();
    const other = await makeReferral(bare);
    const share = await bare.post(`/api/v2/offers/${other.advocateOffer.short_url_code}/shares/social`, { site_slug: bare.siteSlug, channel: 'facebook' });
    expect(share.status).toBe(201);
    const unsubscribed = await fetch(`${bare.url}/u/${bare.siteSlug}/${unsubscribeToken(bare.apiKey, bare.siteSlug, 'bob@example.com')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    });
    expect(unsubscribed.status).toBe(200);
    const log = await settledLog(bare, 5);
    expect(log.map((event) => event.type)).toEqual(['event.created', 'referral.created', 'event.created', 'share.created', 'unsubscribe']);
    expect(log.every((event) => event.deliveries.length === 0)).toBe(true);
    expect(log[1]).toMatchObject({ type: 'referral.created', subject_id: other.referral.id, data: { type: 'referral.created', referral: { id: other.referral.id, status: 'pending' } } });
    expect(log[3]).toMatchObject({ subject_id: share.body.result.share.id, data: { type: 'share.created', share_type: 'facebook', verified: false } });
    expect(log[4]).toMatchObject({ data: { type: 'unsubscribe', person: { email: 'bob@example.com' }, via: 'unsubscribe_link' } });
    expect(referral.id).not.toBe(other.referral.id);
    expect(advocateOffer.short_url_code).not.toBe(other.advocateOffer.short_url_code);
  });

  it('pages newest first, filters by type and time, and refuses bad values naming the field', async () => {
    const collector = await start();
    const before = new Date(Date.now() - 1000).toISOString();
    for (const n of [1, 2, 3]) {
      const made = await makeReferral(collector, { advocate: `a${n}@example.com`, friend: `f${n}@example.com`, order: `F-${n}` });
      await setStatus(collector, made.originSlug, 'approved');
    }
    // Each referral: the advocate's and the friend's purchases, created, approved, two rewards.
    const oldestFirst = await settledLog(collector, 18);
    expect(oldestFirst).toHaveLength(18);

    // Newest first in pages of 5: the same events in reverse, each once, and a null cursor at the end.
    const newestFirst: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await events(collector, `&limit=5${cursor ? `&after=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      newestFirst.push(...answer.body.result.events);
      cursor = answer.body.result.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(newestFirst.map((event) => event.id)).toEqual(oldestFirst.map((event) => event.id).reverse());
    expect((await events(collector)).body.result.events).toHaveLength(18);

    expect((await events(collector, '&type=referral.approved')).body.result.events.map((event: any) => event.type)).toEqual(Array(3).fill('referral.approved'));
    expect((await events(collector, '&type=reward.')).body.result.events.map((event: any) => event.type)).toEqual(Array(6).fill('reward.issued'));
    expect((await events(collector, '&type=reward')).body.result.events).toEqual([]);
    expect((await events(collector, `&since=${before}`)).body.result.events).toHaveLength(18);
    expect((await events(collector, '&type=event.created')).body.result.events.map((event: any) => event.data.origin.order_number)).toEqual(['F-3', 'ADV-a3@example.com', 'F-2', 'ADV-a2@example.com', 'F-1', 'ADV-a1@example.com']);
    expect((await events(collector, `&since=${new Date(Date.now() + 60_000).toISOString()}`)).body.result.events).toEqual([]);
    const middle = oldestFirst[5];
    expect((await events(collector, `&since=${middle.created_at}`)).body.result.events.every((event: any) => event.created_at >= middle.created_at)).toBe(true);

    // A poller at the newest event gets an empty page and keeps its cursor.
    const newest = oldestFirst.at(-1).id;
    expect((await events(collector, `&order=asc&after=${newest}`)).body.result).toEqual({ events: [], has_more: false, next_cursor: newest });

    for (const [query, field] of [
      ['&limit=0', 'limit'],
      ['&limit=101', 'limit'],
      ['&limit=ten', 'limit'],
      ['&after=yesterday', 'after'],
      ['&after=01890000-0000-7000-8000-000000000000', 'after'],
      ['&type=Referral!', 'type'],
      ['&order=sideways', 'order'],
      ['&since=2026-02-30', 'since'],
    ] as const) {
      const answer = await events(collector, query);
      expect(answer.status, query).toBe(422);
      expect(answer.body, query).toMatchObject({ ok: false, code: 'invalid_field', errors: [{ field }] });
    }
    const keyless = await collector.get(`/api/v2/events?site_slug=${collector.siteSlug}`);
    expect(keyless.status).toBe(401);
  });

  it("never shows one site another site's events, nor takes its event as a cursor", async () => {
    const otherKey = `sk_test_${randomBytes(12).toString('hex')}`;
    const collector = await start(
      {},
      {
        extraSites: [
          { site_slug: 'other-shop', name: 'Other Shop', api_key: otherKey, allowed_hosts: ['other.example'], destination_url: 'https://other.example/', show_claim_page: false, approval: { mode: 'manual' } },
        ],
      },
    );
    const other = { ...collector, siteSlug: 'other-shop', apiKey: otherKey };
    const mine = await makeReferral(collector);
    const theirs = await makeReferral(other, { advocate: 'zoe@example.com', friend: 'yan@example.com', order: 'O-1' });
    const myLog = await settledLog(collector, 3);
    const theirLog = await settledLog(other, 3);
    expect(myLog.map((event) => event.data.origin?.order_number ?? event.subject_id)).toEqual(['ADV-ann@example.com', mine.referral.id, 'F-1']);
    expect(theirLog.map((event) => event.data.origin?.order_number ?? event.subject_id)).toEqual(['ADV-zoe@example.com', theirs.referral.id, 'O-1']);
    const crossed = await events(collector, `&after=${theirLog[0].id}`);
    expect(crossed.status).toBe(422);
    expect(crossed.body.errors[0].field).toBe('after');
    // The other site's key does not open this site's log.
    expect((await collector.get(`/api/v2/events?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${otherKey}` })).status).toBe(401);
  });
});

describe('event retention', () => {
  it('deletes events older than the retention period in batches, keeping younger ones and any with a delivery still pending', async () => {
    const down = await receiver();
    down.plan(...Array<number>(10_000).fill(503));
    const up = await receiver();
    let clock = new Date();
    const collector = await start(
      {
        webhooks: [
          { url: down.url, secret: TEST_WEBHOOK_SECRET, events: ['referral.voided'] },
          { url: up.url, secret: TEST_WEBHOOK_SECRET, events: ['referral.created'] },
        ],
      },
      { eventRetention: { days: 30, intervalInMs: 25, batchSize: 1, now: () => clock } },
    );
    const old = await makeReferral(collector);
    await setStatus(collector, old.originSlug, 'voided');
    const third = await makeReferral(collector, { advocate: 'eve@example.com', friend: 'fay@example.com', order: 'F-3' });
    await setStatus(collector, third.originSlug, 'approved');
    await up.waitForDelivered(2);
    const boundary = Date.now();
    await eventually(async () => Date.now(), (now) => now > boundary);
    const young = await makeReferral(collector, { advocate: 'cat@example.com', friend: 'dan@example.com', order: 'F-2' });
    const before = await settledLog(collector, 13);
    expect(before).toHaveLength(13);

    // 30 days after the boundary: everything written before it is old, except what still waits to be delivered.
    clock = new Date(boundary + 30 * 24 * 3600_000);
    const after = await eventually(() => allEvents(collector), (log) => log.length === 4);
    expect(after.map((event) => [event.type, event.data.origin?.order_number ?? event.subject_id])).toEqual([
      ['referral.voided', old.referral.id],
      ['event.created', 'ADV-cat@example.com'],
      ['referral.created', young.referral.id],
      ['event.created', 'F-2'],
    ]);
    expect(after[0].deliveries).toEqual([{ id: expect.any(String), endpoint_url: down.url, status: 'pending' }]);
  });
});

describe('paging under concurrent writes', () => {
  it.skipIf(testStoreKind() === 'sqlite')(
    'holds back an event committed after a later one until the earlier transaction ends, so a poller skips neither (PostgreSQL)',
    async () => {
      const collector = await start();
      const { db, sites } = collector.running.services;
      const site = sites.bySlug(collector.siteSlug)!;
      const payload = (n: number) => ({ type: 'referral.created', referral: { id: `writer-${n}` } });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let slowInserted!: () => void;
      const inserted = new Promise<void>((resolve) => (slowInserted = resolve));
      // The slow writer takes the smaller sequence number, then waits before committing.
      const slow = db.transaction().execute(async (trx) => {
        await enqueueWebhook(trx, site, payload(1), 'slow', new Date());
        slowInserted();
        await gate;
      });
      await inserted;
      try {
        await db.transaction().execute((trx) => enqueueWebhook(trx, site, payload(2), 'fast', new Date()));
        const committed = await db.selectFrom('events').select('subject_id').execute();
        expect(committed.map((row) => row.subject_id)).toEqual(['fast']);

        // The fast event is committed, but handing it out now would let the poller's cursor pass the slow one.
        const early = await events(collector, '&order=asc');
        expect(early.body.result.events).toEqual([]);
      } finally {
        release();
        await slow;
      }
      const late = await eventually(() => events(collector, '&order=asc'), (answer) => answer.body.result.events.length === 2);
      expect(late.body.result.events.map((event: any) => event.subject_id)).toEqual(['slow', 'fast']);
    },
  );

  it('a poller paging with the cursor while several writers add events sees every event exactly once', async () => {
    const collector = await start({}, { publicRateLimits: false });
    const { db, sites } = collector.running.services;
    const site = sites.bySlug(collector.siteSlug)!;
    let writing = true;

    // Writers through the API: referrals made and approved (6 events each: two purchases, created, approved, two rewards).
    const apiWriters = [1, 2, 3].map(async (writer) => {
      for (const n of [1, 2, 3]) {
        const made = await makeReferral(collector, { advocate: `a${writer}-${n}@example.com`, friend: `f${writer}-${n}@example.com`, order: `W${writer}-${n}` });
        await setStatus(collector, made.originSlug, 'approved');
      }
    });
    // On PostgreSQL, writers that hold their transaction open a random while after writing the
    // event, so transactions commit out of the order of their sequence numbers.
    const heldWriters =
      testStoreKind() === 'postgres'
        ? [1, 2, 3, 4].map(async (writer) => {
            for (let n = 0; n < 8; n++) {
              await db.transaction().execute(async (trx) => {
                await enqueueWebhook(trx, site, { type: 'referral.created', referral: { writer, n } } as { type: string }, `held-${writer}-${n}`, new Date());
                await sql`select pg_sleep(random() * 0.04)`.execute(trx);
              });
            }
          })
        : [];
    const writers = Promise.all([...apiWriters, ...heldWriters]).finally(() => (writing = false));

    const seen: string[] = [];
    let cursor: string | null = null;
    let written: { id: string }[] | undefined;
    const deadline = Date.now() + 30_000;
    // Page on while the writers write, and after they finished until the poller has caught up
    // with every event they committed (or has seen more, which the assertions below refuse).
    while (!written || seen.length < written.length) {
      if (Date.now() > deadline) break;
      const answer = await events(collector, `&order=asc&limit=7${cursor ? `&after=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.result.events.map((event: any) => event.id));
      cursor = answer.body.result.next_cursor;
      if (!writing && !written) written = await db.selectFrom('events').select('id').where('site_id', '=', site.id).execute();
    }
    await writers;

    written ??= [];
    expect(written.length).toBe(54 + (testStoreKind() === 'postgres' ? 32 : 0));
    expect(new Set(seen).size, 'no event seen twice').toBe(seen.length);
    expect([...seen].sort(), 'every event seen').toEqual(written.map((row) => row.id).sort());
  });
});
