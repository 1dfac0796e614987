import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('redelivering a web hook', () => {
  it('is refused with 409 while an attempt is in flight, and accepted once it is over', async () => {
    // A receiver that holds every request until the test lets it answer.
    const waiting: ServerResponse[] = [];
    const receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => waiting.push(response));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => receiver.close(() => resolve())));
    cleanups.push(async () => receiver.closeAllConnections());
    const collector = await startCollector({
      site: webhookSite(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`),
      outbox: { ...FAST_OUTBOX, requestTimeoutInMs: 10_000 },
    });
    cleanups.push(() => collector.cleanup());

    const { originSlug } = await makeReferral(collector);
    await setStatus(collector, originSlug, 'approved');
    const deadline = Date.now() + 5000;
    while (waiting.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waiting).toHaveLength(1);

    const list = await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    const id = list.body.result.deliveries[0].id;
    const redeliver = () => collector.post(`/api/v2/webhook_deliveries/${id}/redeliver`, { site_slug: collector.siteSlug }, { authorization: `Bearer ${collector.apiKey}` });
    const refused = await redeliver();
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].field).toBe('id');

    waiting.shift()!.writeHead(204).end();
    await expect
      .poll(async () => (await collector.get(`/api/v2/webhook_deliveries?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` })).body.result.deliveries[0].status)
      .toBe('delivered');
    expect((await redeliver()).status).toBe(202);
  });
});
