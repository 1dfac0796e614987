import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { createTestStore, testStoreKind } from '../support/test-store';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const TOKEN = 'metrics-token-for-the-scraper-0123456789';

let collector: TestCollector | undefined;
let other: TestCollector | undefined;
let receiver: WebhookReceiver | undefined;
let inbox: SmtpInbox | undefined;
afterEach(async () => {
  await other?.cleanup();
  await collector?.cleanup();
  await receiver?.close();
  await inbox?.down();
  collector = other = receiver = inbox = undefined;
});

/** The metrics a scraper holding the token reads. */
async function scrape(at: TestCollector): Promise<string> {
  const response = await fetch(`${at.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one series in Prometheus' text format (undefined when it is not there). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('does not exist unless METRICS_TOKEN is set', async () => {
    collector = await startCollector();
    const response = await collector.get('/metrics');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('refuses a scraper without the token, or with another one, naming the header', async () => {
    collector = await startCollector({ metricsToken: TOKEN });
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-metrics-token-at-all' }, { authorization: `Basic ${TOKEN}` }];
    for (const headers of attempts) {
      const response = await collector.get('/metrics', headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.body).toMatchObject({ ok: false, code: 'unauthorized', errors: [{ field: 'authorization' }] });
    }
  });

  it('counts requests by route pattern and status, with latency, and the outbox: attempts, depth and age', async () => {
    receiver = await startWebhookReceiver();
    // The receiver fails the first web hook; its retry is far off, so it stays pending.
    receiver.plan(500);
    collector = await startCollector({ metricsToken: TOKEN, site: webhookSite(receiver.url), outbox: { pollIntervalInMs: 50, firstRetryInMs: 600_000, jitter: 0 } });
    const { advocateOffer, originSlug } = await makeReferral(collector);
    const code = advocateOffer.short_url_code as string;
    for (let i = 0; i < 3; i++) expect((await collector.get(`/api/v2/offers/${code}?site_slug=${collector.siteSlug}`)).status).toBe(200);
    expect((await collector.get(`/api/v2/offers/NoSuchCode1?site_slug=${collector.siteSlug}`)).status).toBe(404);
    expect((await collector.get('/no/such/page')).status).toBe(404);
    // A body over the limit is refused before its route runs, and counts under that route.
    expect((await collector.post('/api/v2/origins', { site_slug: collector.siteSlug, padding: 'x'.repeat(70_000) })).status).toBe(413);
    expect((await setStatus(collector, originSlug, 'approved')).status).toBe(200);
    await receiver.waitForRequests(1);

    let text = await scrape(collector);
    expect(sample(text, 'vouch_http_requests_total', { method: 'GET', route: '/api/v2/offers/:id', status: '200' })).toBe(3);
    expect(sample(text, 'vouch_http_requests_total', { method: 'GET', route: '/api/v2/offers/:id', status: '404' })).toBe(1);
    expect(sample(text, 'vouch_http_requests_total', { method: 'POST', route: '/api/v2/origins', status: '201' })).toBe(2);
    expect(sample(text, 'vouch_http_requests_total', { method: 'GET', route: '/x/:code', status: '302' })).toBe(1);
    expect(sample(text, 'vouch_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(sample(text, 'vouch_http_requests_total', { method: 'POST', route: '/api/v2/origins', status: '413' })).toBe(1);
    expect(sample(text, 'vouch_http_request_duration_seconds_count', { method: 'GET', route: '/api/v2/offers/:id' })).toBe(4);
    expect(sample(text, 'vouch_http_request_duration_seconds_bucket', { method: 'GET', route: '/api/v2/offers/:id', le: '+Inf' })).toBe(4);
    // Labels name routes, never what a path held: no code, no path as sent.
    expect(text).not.toContain(code);
    expect(text).not.toContain('NoSuchCode1');
    expect(text).not.toContain('/no/such/page');

    // The failed attempt is recorded, and its message waits for its retry.
    await expect.poll(async () => sample(await scrape(collector!), 'vouch_outbox_attempts_total', { kind: 'webhook', outcome: 'retry' })).toBe(1);
    text = await scrape(collector);
    expect(sample(text, 'vouch_outbox_pending_messages', { kind: 'webhook' })).toBe(1);
    expect(sample(text, 'vouch_outbox_oldest_pending_age_seconds', { kind: 'webhook' })).toBeGreaterThan(0);
    expect(sample(text, 'vouch_outbox_attempts_total', { kind: 'webhook', outcome: 'delivered' })).toBeUndefined();

    // A redelivery goes through: delivered counts, and the outbox is empty again.
    const [message] = (await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` })).body.result.deliveries;
    const redelivered = await collector.post(`/api/v2/webhook_deliveries/${message.id}/redeliver`, { site_slug: collector.siteSlug }, { authorization: `Bearer ${collector.apiKey}` });
    expect(redelivered.status).toBe(202);
    await receiver.waitForDelivered(1);
    await expect.poll(async () => sample(await scrape(collector!), 'vouch_outbox_attempts_total', { kind: 'webhook', outcome: 'delivered' })).toBe(1);
    text = await scrape(collector);
    expect(sample(text, 'vouch_outbox_pending_messages', { kind: 'webhook' })).toBeUndefined();
    expect(sample(text, 'vouch_store_errors_total', { source: 'request' })).toBe(0);
    expect(sample(text, 'vouch_store_errors_total', { source: 'outbox' })).toBe(0);
  });

  it('counts the invite mails sent', async () => {
    inbox = await startSmtpInbox();
    collector = await startCollector({ metricsToken: TOKEN, site: { smtp_url: inbox.url, mail_from: 'Test Shop <hello@shop.example>' }, outbox: FAST_OUTBOX });
    const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 30, first_name: 'Ann' }));
    const { short_url_code: code, share_key: shareKey } = advocate.body.result.offer;
    const shared = await collector.post(`/api/v2/offers/${code}/shares/email`, { site_slug: collector.siteSlug, share_key: shareKey, recipients: 'bob@example.com, cy@example.com' });
    expect(shared.status).toBe(201);
    await inbox.waitForMessages(2);
    await expect.poll(async () => sample(await scrape(collector!), 'vouch_mail_sent_total')).toBe(2);
    const text = await scrape(collector);
    expect(sample(text, 'vouch_outbox_attempts_total', { kind: 'mail', outcome: 'delivered' })).toBe(2);
    expect(sample(text, 'vouch_http_requests_total', { method: 'POST', route: '/api/v2/offers/:short_url_code/shares/email', status: '201' })).toBe(1);
    // Nothing of the recipients in the labels.
    expect(text).not.toContain('example.com');
  });

  it('counts each instance apart, in a registry of its own', async () => {
    collector = await startCollector({ metricsToken: TOKEN });
    other = await startCollector({ metricsToken: TOKEN });
    await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    expect(sample(await scrape(collector), 'vouch_http_requests_total', { method: 'POST', route: '/api/v2/origins', status: '201' })).toBe(1);
    expect(sample(await scrape(other), 'vouch_http_requests_total', { method: 'POST', route: '/api/v2/origins', status: '201' })).toBeUndefined();
  });

  it.skipIf(testStoreKind() !== 'postgres')('counts the times the store was out of reach, for requests and for the outbox', async () => {
    // The collector reaches PostgreSQL through a TCP relay the test can cut, as a failover would.
    const dataDir = mkdtempSync(join(tmpdir(), 'vouch-metrics-'));
    const store = await createTestStore(dataDir);
    const database = new URL(store.databaseUrl);
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      const server = new Socket();
      server.connect(Number(database.port || 5432), database.hostname);
      for (const socket of [client, server]) {
        sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayed = new URL(store.databaseUrl);
    relayed.port = String((relay.address() as AddressInfo).port);
    try {
      collector = await startCollector({ metricsToken: TOKEN, reuse: { dataDir, databaseUrl: relayed.href }, outbox: { pollIntervalInMs: 50 } });
      expect(sample(await scrape(collector), 'vouch_store_errors_total', { source: 'request' })).toBe(0);
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      const refused = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('store_unavailable');
      // The scrape still answers while the store is away: the outbox gauges are left out, the counters are there.
      const text = await scrape(collector);
      expect(sample(text, 'vouch_store_errors_total', { source: 'request' })).toBe(1);
      expect(sample(text, 'vouch_outbox_pending_messages', { kind: 'webhook' })).toBeUndefined();
      await expect.poll(async () => sample(await scrape(collector!), 'vouch_store_errors_total', { source: 'outbox' })).toBeGreaterThan(0);
    } finally {
      await collector?.stop();
      collector = undefined;
      await store.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
