import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../collector/store/database';
import { followClaimLink } from '../support/claim-link';
import { processSite, spawnCollector, writeConfigFile, type CollectorProcess } from '../support/collector-process';
import { createTestStore, testStoreKind, type TestStore } from '../support/test-store';

// Several collectors on one database is what PostgreSQL is for; SQLite is one process.
describe.skipIf(testStoreKind() !== 'postgres')('two collector processes on one PostgreSQL database', () => {
  const apiKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const site = 'multi-shop';
  let dir: string;
  let testStore: TestStore;
  let store: Store;
  let a: CollectorProcess;
  let b: CollectorProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-multi-'));
    testStore = await createTestStore(dir);
    const configPath = writeConfigFile(dir, {
      sites: [processSite(site, apiKey)],
    });
    // Both start at once: the migration lock must let exactly one migrate.
    [a, b] = await Promise.all([
      spawnCollector({ databaseUrl: testStore.databaseUrl, configPath }),
      spawnCollector({ databaseUrl: testStore.databaseUrl, configPath }),
    ]);
    store = openStore(testStore.databaseUrl);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await store?.close();
    await testStore?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (instance: CollectorProcess, data: Record<string, unknown>) => {
    const response = await fetch(`${instance.url}/api/v2/origins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ site_slug: site, type: 'Purchase', data }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('stores each order once and makes one referral per friend under concurrent duplicates on both', async () => {
    const advocate = await post(a, { email: 'ann@example.com', order_number: 'A-1', subtotal: 10 });
    const claimUrl: string = advocate.body.result.offer.claim_url;
    const path = new URL(claimUrl).pathname;

    // 20 friends click, half through each instance, all at once.
    const uuids = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await followClaimLink(`${(i % 2 ? a : b).url}${path}`)).uuid),
    );
    expect(new Set(uuids).size).toBe(20);

    // Every friend's order is posted 3 times to each instance, concurrently.
    const answers = await Promise.all(
      uuids.flatMap((uuid, i) =>
        [a, b, a, b, a, b].map((instance) => post(instance, { email: `friend${i}@example.com`, order_number: `F-${i}`, subtotal: 20, uuid })),
      ),
    );
    expect(answers.every((answer) => answer.status === 200 || answer.status === 201)).toBe(true);
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(20);

    const origins = await store.db.selectFrom('origins').select(['order_number']).execute();
    const referrals = await store.db.selectFrom('referrals').select(['id', 'friend_origin_id']).execute();
    const claims = await store.db.selectFrom('claims').select('id').execute();
    expect(origins).toHaveLength(21);
    expect(new Set(origins.map((origin) => origin.order_number)).size).toBe(21);
    expect(referrals).toHaveLength(20);
    expect(claims).toHaveLength(20);
    // Every answer for one order names the same referral.
    for (let i = 0; i < 20; i++) {
      const ids = new Set(answers.slice(i * 6, i * 6 + 6).map((answer) => answer.body.result.referral?.id));
      expect(ids.size).toBe(1);
    }
  });

  it('reports the store in /healthz on both', async () => {
    for (const instance of [a, b]) {
      const response = await fetch(`${instance.url}/healthz`);
      expect(await response.json()).toEqual({ ok: true, store: { kind: 'postgres', usable: true }, widget: { ok: true, files: expect.arrayContaining(['loader.js']) } });
    }
  });
});
