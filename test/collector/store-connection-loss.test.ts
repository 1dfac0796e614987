import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { processSite, spawnCollector, writeConfigFile, type CollectorProcess } from '../support/collector-process';
import { webhookSite } from '../support/referrals';
import { createTestStore, testStoreKind, type TestStore } from '../support/test-store';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const until = async (test: () => boolean | Promise<boolean>, what: string, timeoutInMs = 20_000) => {
  const deadline = Date.now() + timeoutInMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

// Only PostgreSQL has connections to lose: SQLite is a file opened in the collector's own process.
describe.skipIf(testStoreKind() !== 'postgres')('PostgreSQL connections terminated under the collector (PostgreSQL only: SQLite has no connections to lose)', () => {
  const apiKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const site = 'failover-shop';
  // The collector's connections are told apart from everyone else's by this name.
  const applicationName = `vouch-conn-loss-${randomBytes(4).toString('hex')}`;
  let dir: string;
  let testStore: TestStore;
  let admin: pg.Client;
  let hooks: WebhookReceiver;
  let collector: CollectorProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-conn-loss-'));
    testStore = await createTestStore(dir);
    const databaseUrl = new URL(testStore.databaseUrl);
    databaseUrl.searchParams.set('application_name', applicationName);
    admin = new pg.Client({ connectionString: process.env.VOUCH_TEST_POSTGRES_URL });
    await admin.connect();
    hooks = await startWebhookReceiver();
    const configPath = writeConfigFile(dir, {
      sites: [processSite(site, apiKey, webhookSite(hooks.url, { approval: { mode: 'auto', cooling_period_in_hours: 0.2 / 3600 } }))],
    });
    collector = await spawnCollector({
      databaseUrl: databaseUrl.href,
      configPath,
      env: { RATE_LIMIT_PER_IP_PER_MINUTE: '0', OUTBOX_POLL_INTERVAL_MS: '50', AUTO_APPROVAL_INTERVAL_SECONDS: '1' },
    });
  }, 60_000);

  afterAll(async () => {
    await collector?.kill();
    await hooks?.close();
    await admin?.end();
    await testStore?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Kills every backend of the collector; answers how many there were and how many were busy. */
  async function terminateBackends(): Promise<{ terminated: number; busy: number }> {
    const result = await admin.query<{ state: string | null }>(
      'select state, pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
      [applicationName],
    );
    return { terminated: result.rowCount ?? 0, busy: result.rows.filter((row) => row.state !== 'idle').length };
  }

  async function backendStates(): Promise<string[]> {
    const result = await admin.query<{ state: string | null }>('select state from pg_stat_activity where application_name = $1', [applicationName]);
    return result.rows.map((row) => row.state ?? '');
  }

  let orders = 0;
  /** One purchase (a new order unless one is named); answers the status and body. */
  async function purchase(order = `O-${++orders}`, extra: Record<string, unknown> = {}) {
    const response = await fetch(`${collector.url}/api/v2/origins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ site_slug: site, type: 'Purchase', data: { email: `${order}@example.com`, order_number: order, subtotal: 10, ...extra } }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  /** A purchase as a shop's server sends it: the same order again after a 503, until stored. */
  async function purchaseRetrying(order: string, extra: Record<string, unknown> = {}) {
    const answers: { status: number; body: any }[] = [];
    await until(async () => {
      answers.push(await purchase(order, extra));
      return answers.at(-1)!.status !== 503;
    }, `order ${order} to be stored`);
    expectSuccessOrUnavailable(answers);
    return answers.at(-1)!;
  }

  const alive = () => collector.child.exitCode === null && collector.child.signalCode === null;

  /** Every answer while the store is away is a success or the documented 503. */
  function expectSuccessOrUnavailable(answers: { status: number; body: any }[]) {
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ ok: false, error_message: expect.any(String), errors: [{ field: 'store', message: 'store_unavailable' }], code: 'store_unavailable' });
    }
  }

  /** Purchases until one succeeds again, checking every answer on the way. */
  async function expectServingAgain() {
    const answers: { status: number; body: any }[] = [];
    await until(async () => {
      answers.push(await purchase());
      return answers.at(-1)!.status === 201;
    }, 'a purchase to succeed again');
    expectSuccessOrUnavailable(answers);
  }

  it('survives its idle connections being terminated and serves again', async () => {
    expect((await purchase()).status).toBe(201);
    await until(async () => (await backendStates()).includes('idle'), 'an idle pooled connection');
    const lost = () => collector.lines.filter((line) => line.includes('PostgreSQL connection lost')).length;
    const { terminated } = await terminateBackends();
    expect(terminated).toBeGreaterThan(0);
    await until(() => !alive() || lost() >= terminated, 'the collector to notice its connections are gone');
    expect(alive()).toBe(true);
    await expectServingAgain();
    const health = await fetch(`${collector.url}/healthz`);
    expect(health.status).toBe(200);
    expect(alive()).toBe(true);
  });

  it('survives terminations while requests are in flight: 503 JSON, never a 500, then serves again', async () => {
    const answers: { status: number; body: any }[] = [];
    let loading = true;
    const failures: unknown[] = [];
    const workers = Array.from({ length: 8 }, async () => {
      while (loading && alive()) {
        try {
          answers.push(await purchase());
        } catch (error) {
          failures.push(error);
          return;
        }
      }
    });
    let busyTerminated = 0;
    for (let round = 0; round < 5 && alive(); round++) {
      const before = answers.length;
      // Wait for a connection in the middle of work, then pull the rug.
      await until(async () => !alive() || (answers.length > before && (await backendStates()).some((state) => state !== 'idle')), 'a busy connection');
      busyTerminated += (await terminateBackends()).busy;
    }
    const afterStorm = answers.length;
    await until(() => !alive() || answers.slice(afterStorm).some((answer) => answer.status === 201), 'a purchase after the terminations');
    loading = false;
    await Promise.all(workers);

    expect(alive()).toBe(true);
    expect(failures).toEqual([]);
    expect(busyTerminated).toBeGreaterThan(0);
    expectSuccessOrUnavailable(answers);
    const counts = answers.reduce<Record<number, number>>((tally, answer) => ({ ...tally, [answer.status]: (tally[answer.status] ?? 0) + 1 }), {});
    console.log(`connection loss: ${busyTerminated} busy backends terminated; answers by status ${JSON.stringify(counts)}`);
    await expectServingAgain();
    // A lost connection is the database's weather, not the collector's bug: warnings, no error lines.
    expect(collector.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  }, 60_000);

  it('keeps the outbox worker and the auto-approval scheduler going after their connections were cut', async () => {
    await terminateBackends();
    const advocate = await purchaseRetrying('ADV-1');
    expect(advocate.status).toBe(201);
    const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url.replace(/^http:\/\/localhost/, 'http://127.0.0.1'));
    await terminateBackends();
    const friend = await purchaseRetrying('FRIEND-1', { uuid });
    expect(friend.status).toBe(201);
    expect(friend.body.result.referral.status).toBe('pending');
    await terminateBackends();
    // Approved by the scheduler after the cooling period, then posted by the outbox worker.
    const [hook] = await hooks.waitForDelivered(1, 15_000);
    expect(JSON.parse(hook!.body).referral).toEqual({ id: friend.body.result.referral.id, status: 'approved', fraud: expect.objectContaining({ outcome: 'pass' }) });
    expect(alive()).toBe(true);
    expect(collector.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  }, 30_000);
});
