import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { insertOutboxMessage } from '../../collector/store/outbox.repository';
import { startCollector, type TestCollector } from '../support/collector';
import { makeReferral, setStatus, TEST_WEBHOOK_SECRET, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function receiverFor(): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver();
  cleanups.push(() => receiver.close());
  return receiver;
}

async function collectorFor(receiver: WebhookReceiver, options: Parameters<typeof startCollector>[0] = {}): Promise<TestCollector> {
  const collector = await startCollector({ site: webhookSite(receiver.url), ...options });
  cleanups.push(() => collector.cleanup());
  return collector;
}

describe('durable outbox', () => {
  it('delivers after the receiver was down and the collector restarted in the middle of the backoff', async () => {
    const receiver = await receiverFor();
    receiver.plan(503);
    const first = await collectorFor(receiver, { outbox: { pollIntervalInMs: 50, firstRetryInMs: 800, jitter: 0 } });
    const { originSlug } = await makeReferral(first);
    await setStatus(first, originSlug, 'approved');
    await receiver.waitForRequests(1);
    await first.stop();

    // The retry is due while nothing runs; the restarted collector finds it in the store.
    const second = await startCollector({ reuse: first, apiKey: first.apiKey, site: webhookSite(receiver.url), outbox: { pollIntervalInMs: 50, firstRetryInMs: 800, jitter: 0 } });
    cleanups.push(() => second.stop());
    const delivered = await receiver.waitForDelivered(1, 5000);
    expect(receiver.received.map((request) => request.answeredStatus)).toEqual([503, 204]);
    expect(delivered[0]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
    expect(() => new Webhook(TEST_WEBHOOK_SECRET).verify(delivered[0]!.body, delivered[0]!.headers as Record<string, string>)).not.toThrow();
    // The receiver has answered; the collector records the attempt a moment later.
    const listed = async () => (await second.get(`/api/v2/webhook_deliveries?site_slug=${second.siteSlug}`, { authorization: `Bearer ${second.apiKey}` })).body.result.deliveries[0];
    await expect.poll(listed, { timeout: 5000, interval: 20 }).toMatchObject({ status: 'delivered', attempt_count: 2 });
  });

  it('takes over a delivery whose instance died holding the lease, once the lease has expired', async () => {
    const receiver = await receiverFor();
    const collector = await collectorFor(receiver, { outbox: { pollIntervalInMs: 50 } });
    const { db, sites } = collector.running.services;
    const leasedUntil = Date.now() + 600;
    // What an instance killed in the middle of an attempt leaves behind: a pending row under its
    // lease, written in one transaction (on PostgreSQL its commit wakes the worker at once).
    const id = await db.transaction().execute(async (trx) => {
      const written = await insertOutboxMessage(
        trx,
        { site_id: sites.bySlug(collector.siteSlug)!.id, kind: 'webhook', event_type: 'referral.approved', subject_id: null, payload: '{"type":"referral.approved"}' },
        new Date(),
      );
      await trx.updateTable('outbox_messages').set({ locked_by: 'killed-instance', locked_until: new Date(leasedUntil).toISOString() }).where('id', '=', written).execute();
      return written;
    });
    const [delivered] = await receiver.waitForDelivered(1, 5000);
    expect(delivered!.headers['webhook-id']).toBe(id);
    expect(delivered!.receivedAt).toBeGreaterThanOrEqual(leasedUntil);
    expect(receiver.received).toHaveLength(1);
  });
});
