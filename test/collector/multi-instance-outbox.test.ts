import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../collector/store/database';
import { followClaimLink } from '../support/claim-link';
import { processSite, spawnCollector, writeConfigFile, type CollectorProcess } from '../support/collector-process';
import { webhookSite } from '../support/referrals';
import { createTestStore, testStoreKind, type TestStore } from '../support/test-store';

/** A merchant endpoint that is slow, and can hold a request open until told to let go. */
function startSlowReceiver(delayInMs: number) {
  const requests: { id: string; at: number }[] = [];
  let holdNext = false;
  const held: (() => void)[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests.push({ id: String(request.headers['webhook-id']), at: Date.now() });
      const answer = () => {
        response.writeHead(204);
        response.end();
      };
      if (holdNext) {
        holdNext = false;
        // Never answered while the sender lives; a killed sender's socket just closes.
        held.push(answer);
      } else setTimeout(answer, delayInMs);
    });
  });
  return new Promise<{ url: string; requests: typeof requests; holdNextRequest(): void; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
        requests,
        holdNextRequest: () => {
          holdNext = true;
        },
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

const until = async (test: () => boolean | Promise<boolean>, what: string, timeoutInMs = 20_000) => {
  const deadline = Date.now() + timeoutInMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.skipIf(testStoreKind() !== 'postgres')('two collector processes share one outbox', () => {
  const apiKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const site = 'outbox-shop';
  let dir: string;
  let testStore: TestStore;
  let store: Store;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  const instances: Record<string, CollectorProcess> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-outbox-'));
    testStore = await createTestStore(dir);
    receiver = await startSlowReceiver(300);
    const configPath = writeConfigFile(dir, {
      sites: [processSite(site, apiKey, webhookSite(receiver.url))],
    });
    const env = (name: string) => ({ INSTANCE_ID: name, OUTBOX_LEASE_SECONDS: '3', OUTBOX_POLL_INTERVAL_MS: '100' });
    const [a, b] = await Promise.all([
      spawnCollector({ databaseUrl: testStore.databaseUrl, configPath, env: env('instance-a') }),
      spawnCollector({ databaseUrl: testStore.databaseUrl, configPath, env: env('instance-b') }),
    ]);
    instances['instance-a'] = a;
    instances['instance-b'] = b;
    store = openStore(testStore.databaseUrl);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(instances).map((instance) => instance.kill()));
    await receiver?.close();
    await store?.close();
    await testStore?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (instance: CollectorProcess, method: string, path: string, body: unknown) => {
    const response = await fetch(`${instance.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ site_slug: site, ...(body as object) }),
    });
    return (await response.json()) as any;
  };

  /** Makes `count` pending referrals of one advocate, through both instances. */
  async function pendingReferrals(prefix: string, count: number): Promise<string[]> {
    const a = instances['instance-a']!;
    const b = instances['instance-b']!;
    const advocate = await call(a, 'POST', '/api/v2/origins', { type: 'Purchase', data: { email: `${prefix}-adv@example.com`, order_number: `${prefix}-A`, subtotal: 1 } });
    const path = new URL(advocate.result.offer.claim_url).pathname;
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const instance = i % 2 ? a : b;
        const { uuid } = await followClaimLink(`${instance.url}${path}`);
        const order = `${prefix}-F${i}`;
        await call(instance, 'POST', '/api/v2/origins', { type: 'Purchase', data: { email: `${prefix}-f${i}@example.com`, order_number: order, subtotal: 5, uuid } });
        return order;
      }),
    );
  }

  it('delivers each web hook exactly once while both instances poll the same outbox', async () => {
    const orders = await pendingReferrals('once', 12);
    const approvals = await Promise.all(
      orders.map((order, i) => call(instances[i % 2 ? 'instance-a' : 'instance-b']!, 'PUT', `/api/v2/origins/${order}/referral`, { data: { status: 'approved' } })),
    );
    expect(approvals.every((answer) => answer.ok)).toBe(true);
    await until(() => new Set(receiver.requests.map((request) => request.id)).size >= 12, '12 web hooks');
    // Every message delivered and none held by an instance: a message taken twice would have been
    // sent again before its row could settle, so every request that will ever come has come.
    const settled = async () => {
      const rows = await store.db.selectFrom('outbox_messages').select(['status', 'locked_by']).where('kind', '=', 'webhook').execute();
      return rows.length === 12 && rows.every((row) => row.status === 'delivered' && row.locked_by === null);
    };
    await until(settled, 'every web hook settled');
    const perId = new Map<string, number>();
    for (const request of receiver.requests) perId.set(request.id, (perId.get(request.id) ?? 0) + 1);
    expect([...perId.values()]).toEqual(Array(12).fill(1));
    const delivered = await store.db.selectFrom('outbox_messages').select(['status', 'locked_by']).where('kind', '=', 'webhook').execute();
    expect(delivered.map((row) => row.status)).toEqual(Array(12).fill('delivered'));
  });

  it('finishes a delivery whose instance was killed mid-request, after the lease runs out', async () => {
    const [order] = await pendingReferrals('kill', 1);
    receiver.holdNextRequest();
    const before = receiver.requests.length;
    await call(instances['instance-a']!, 'PUT', `/api/v2/origins/${order}/referral`, { data: { status: 'approved' } });
    await until(() => receiver.requests.length > before, 'the first attempt');
    const id = receiver.requests.at(-1)!.id;
    const row = await store.db.selectFrom('outbox_messages').select(['locked_by', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    const holder = row.locked_by!;
    expect(Object.keys(instances)).toContain(holder);
    const survivor = holder === 'instance-a' ? 'instance-b' : 'instance-a';

    await instances[holder]!.kill('SIGKILL');
    delete instances[holder];

    await until(
      async () => (await store.db.selectFrom('outbox_messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status === 'delivered',
      'the survivor to deliver',
    );
    const finished = await store.db.selectFrom('outbox_messages').select(['locked_by', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(finished.locked_by === survivor || finished.locked_by === null).toBe(true);
    expect(receiver.requests.filter((request) => request.id === id)).toHaveLength(2);
    const attempts = await store.db.selectFrom('outbox_attempts').select(['attempt_number']).where('message_id', '=', id).execute();
    expect(attempts.length).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
