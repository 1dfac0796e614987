import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { ManualClock } from '../support/manual-clock';
import { makeReferral, setStatus, webhookSite } from '../support/referrals';
import { testStoreKind } from '../support/test-store';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const METRICS_TOKEN = 'metrics-token-for-the-scraper-0123456789';

let first: TestCollector | undefined;
let second: TestCollector | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await second?.stop();
  await first?.cleanup();
  await receiver?.close();
  first = second = receiver = undefined;
});

/** A second instance on the first one's store, with the same site and key. */
function secondInstance(on: TestCollector, options: Parameters<typeof startCollector>[0] = {}) {
  return startCollector({ ...options, reuse: on, apiKey: on.apiKey });
}

/** Runs one statement as the database's administrator, outside any collector. */
async function asAdministrator<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.VOUCH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The backend of an instance's LISTEN connection, once it listens. */
async function listenBackend(instanceId: string): Promise<number | undefined> {
  const rows = await asAdministrator<{ pid: number }>(
    `select pid from pg_stat_activity where application_name = $1 and query ilike 'LISTEN%'`,
    [`vouch-collector-listen:${instanceId}`],
  );
  return rows[0]?.pid;
}

/** This instance's count of delivered web hooks, as its /metrics tells it. */
async function deliveredBy(instance: TestCollector): Promise<number> {
  const text = await (await fetch(`${instance.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((row) => row.startsWith('vouch_outbox_attempts_total{') && row.includes('kind="webhook"') && row.includes('outcome="delivered"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe.skipIf(testStoreKind() !== 'postgres')('several instances on one PostgreSQL database', () => {
  it('share the public rate limit: the call over it is refused on whichever instance it reaches, and the next minute counts afresh', async () => {
    // Both instances read the same hand-moved clock: no call can fall into another minute by chance.
    const clock = new ManualClock('2026-06-01T12:00:10.000Z');
    const options = { clock: clock.now, trustProxy: true, publicRateLimits: { perIpPerMinute: 5, missesPerIpPerMinute: 3 } };
    first = await startCollector(options);
    second = await secondInstance(first, options);
    const created = await first.post('/api/v2/origins', purchase(first, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const code = created.body.result.offer.short_url_code;
    const widgetCall = (instance: TestCollector, address: string) =>
      instance.get(`/api/v2/offers/${code}?site_slug=${instance.siteSlug}`, { 'x-forwarded-for': address }).then((answer) => answer.status);

    const statuses = [];
    for (const instance of [first, second, first, second, first, second, first]) statuses.push(await widgetCall(instance, '198.51.100.20'));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await second.get(`/api/v2/offers/${code}?site_slug=${second.siteSlug}`, { 'x-forwarded-for': '198.51.100.20' });
    expect(Number(refused.headers.get('retry-after'))).toBe(50);
    expect(refused.body.errors[0].field).toBe('rate_limit');
    // Another address is counted apart.
    expect(await widgetCall(second, '198.51.100.21')).toBe(200);

    // Guessing codes: the misses add up across instances too, and then a real code is refused alike.
    const misses = [];
    for (const instance of [first, second, first, second]) misses.push((await instance.get(`/x/Guess${misses.length}abc`, { 'x-forwarded-for': '198.51.100.30' })).status);
    expect(misses).toEqual([404, 404, 404, 429]);
    expect((await second.get(`/api/v2/offers/${code}?site_slug=${second.siteSlug}`, { 'x-forwarded-for': '198.51.100.30' })).status).toBe(429);

    clock.advance(60_000);
    expect(await widgetCall(second, '198.51.100.20')).toBe(200);
    expect((await first.get('/x/Guess9abc', { 'x-forwarded-for': '198.51.100.30' })).status).toBe(404);
  });

  it('keeps one row per address and minute, and forgets the minutes that ended', async () => {
    const clock = new ManualClock('2026-06-01T12:00:00.000Z');
    first = await startCollector({ clock: clock.now, trustProxy: true });
    const created = await first.post('/api/v2/origins', purchase(first, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    const code = created.body.result.offer.short_url_code;
    for (let i = 0; i < 4; i++) await first.get(`/api/v2/offers/${code}?site_slug=${first.siteSlug}`, { 'x-forwarded-for': `198.51.100.${40 + (i % 2)}` });
    const schema = new URL(first.databaseUrl).searchParams.get('options')!.replace('-c search_path=', '');
    const windows = () => asAdministrator<{ key: string; hits: number }>(`select key, hits from ${schema}.rate_limit_windows where bucket = 'calls' order by key`);
    expect(await windows()).toEqual([
      { key: '198.51.100.40', hits: 2 },
      { key: '198.51.100.41', hits: 2 },
    ]);
    // Two minutes on, the next call prunes the ended windows.
    clock.advance(120_000);
    await first.get(`/api/v2/offers/${code}?site_slug=${first.siteSlug}`, { 'x-forwarded-for': '198.51.100.42' });
    await expect.poll(windows).toEqual([{ key: '198.51.100.42', hits: 1 }]);
  });

  it('wakes every instance for new outbox work by NOTIFY, and listens again after its connection is killed', async () => {
    receiver = await startWebhookReceiver();
    const suffix = randomBytes(4).toString('hex');
    // The first instance takes no deliveries; the second polls only every ten minutes, so a
    // web hook delivered within seconds was announced to it.
    first = await startCollector({ site: webhookSite(receiver.url), instanceId: `writer-${suffix}`, outbox: { concurrency: 0 } });
    second = await secondInstance(first, {
      site: webhookSite(receiver.url),
      instanceId: `deliverer-${suffix}`,
      metricsToken: METRICS_TOKEN,
      outbox: { pollIntervalInMs: 600_000 },
    });
    await expect.poll(() => listenBackend(`deliverer-${suffix}`)).toBeDefined();

    const { originSlug } = await makeReferral(first, { order: 'F-1' });
    expect((await setStatus(first, originSlug, 'approved')).status).toBe(200);
    const [delivered] = await receiver.waitForDelivered(1, 5_000);
    expect(JSON.parse(delivered!.body).type).toBe('referral.approved');
    await expect.poll(() => deliveredBy(second!)).toBe(1);

    // The listening connection dies (a failover, an administrator): work written meanwhile is
    // still delivered once the instance listens again, and so is the work after.
    const killed = (await listenBackend(`deliverer-${suffix}`))!;
    const [terminated] = await asAdministrator<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [killed]);
    expect(terminated!.ok).toBe(true);
    const { originSlug: written } = await makeReferral(first, { advocate: 'cat@example.com', friend: 'dan@example.com', order: 'F-2' });
    expect((await setStatus(first, written, 'approved')).status).toBe(200);
    await receiver.waitForDelivered(2, 10_000);
    await expect.poll(() => listenBackend(`deliverer-${suffix}`)).not.toBe(killed);
    expect(await listenBackend(`deliverer-${suffix}`)).toBeDefined();

    const { originSlug: after } = await makeReferral(first, { advocate: 'eve@example.com', friend: 'fay@example.com', order: 'F-3' });
    expect((await setStatus(first, after, 'approved')).status).toBe(200);
    await receiver.waitForDelivered(3, 5_000);
    await expect.poll(() => deliveredBy(second!)).toBe(3);
  });
});
