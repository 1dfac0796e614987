import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/database';
import { processSite, spawnCollector, writeConfigFile, type CollectorProcess } from '../support/collector-process';
import { webhookSite } from '../support/referrals';
import { createTestStore, testStoreKind, type TestStore } from '../support/test-store';

const ROUNDS = 4;
const WORKERS = 12;
/** How much each round has acknowledged, at least, before its collector is killed. */
const ACKNOWLEDGED_PER_ROUND = 20;

/** What the collector acknowledged (answered 2xx or 3xx) before it was killed. */
interface Acknowledged {
  orders: Set<string>;
  visitors: Set<string>;
  shares: Set<string>;
  approvals: Set<string>;
}

describe(`crash durability (${testStoreKind()}): SIGKILL at random moments loses nothing acknowledged`, () => {
  const apiKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const site = 'crash-shop';
  let dir: string;
  let store: TestStore;
  let configPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouch-crash-'));
    store = await createTestStore(dir);
    configPath = writeConfigFile(dir, {
      // Nobody listens on port 9: every web hook stays in the outbox, which must survive the kills.
      sites: [processSite(site, apiKey, webhookSite('http://127.0.0.1:9/hooks'))],
    });
  });
  afterAll(async () => {
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged origin, claim, share and approval, with nothing half-written', async () => {
    const acked: Acknowledged = { orders: new Set(), visitors: new Set(), shares: new Set(), approvals: new Set() };
    let tried = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const collector = await spawnCollector({
        databaseUrl: store.databaseUrl,
        configPath,
        env: { RATE_LIMIT_PER_IP_PER_MINUTE: '0', OUTBOX_POLL_INTERVAL_MS: '50' },
      });
      let alive = true;
      const workers = Array.from({ length: WORKERS }, (_, worker) => drive(collector, round, worker, () => alive, acked, () => tried++));
      // Killed at a random moment once this round has had some work acknowledged, however slow the
      // machine: a fixed delay would kill a busy machine's collector before it answered anything.
      const target = acknowledgedCount(acked) + ACKNOWLEDGED_PER_ROUND;
      const deadline = Date.now() + 20_000;
      while (acknowledgedCount(acked) < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, randomInt(0, 600)));
      await collector.kill('SIGKILL');
      alive = false;
      await Promise.all(workers);
    }

    const { db, close } = openStore(store.databaseUrl);
    try {
      const orders = new Set((await db.selectFrom('origins').select('order_number').where('type', '=', 'Purchase').execute()).map((row) => row.order_number));
      const visitors = new Set((await db.selectFrom('claims').select('visitor_uuid').execute()).map((row) => row.visitor_uuid));
      const shares = new Set((await db.selectFrom('shares').select('id').execute()).map((row) => row.id));
      const approved = await db
        .selectFrom('referrals')
        .innerJoin('origins', 'origins.id', 'referrals.friend_origin_id')
        .select(['origins.order_number', 'referrals.id', 'referrals.status'])
        .where('referrals.status', '=', 'approved')
        .execute();
      const approvedOrders = new Set(approved.map((row) => row.order_number));
      const lost = [
        ...[...acked.orders].filter((order) => !orders.has(order)),
        ...[...acked.visitors].filter((uuid) => !visitors.has(uuid)),
        ...[...acked.shares].filter((id) => !shares.has(id)),
        ...[...acked.approvals].filter((order) => !approvedOrders.has(order)),
      ];
      const acknowledged = acknowledgedCount(acked);
      console.log(
        `crash durability (${testStoreKind()}): ${ROUNDS} SIGKILLs, ${tried} requests tried, ${acknowledged} acknowledged ` +
          `(${acked.orders.size} orders, ${acked.visitors.size} claims, ${acked.shares.size} shares, ${acked.approvals.size} approvals), ` +
          `${acknowledged - lost.length} found, lost = ${lost.length}`,
      );
      expect(acknowledged).toBeGreaterThan(50);
      expect(lost).toEqual([]);

      // Nothing half-written: every origin has its offer, every offer its links, every referral its history,
      // every approval its web hook in the outbox.
      const originsWithoutOffer = await db
        .selectFrom('origins')
        .leftJoin('offers', 'offers.origin_id', 'origins.id')
        .select('origins.id')
        .where('offers.id', 'is', null)
        .execute();
      const offersWithoutLinks = await db
        .selectFrom('offers')
        .leftJoin('claim_links', 'claim_links.offer_id', 'offers.id')
        .select('offers.id')
        .where('claim_links.id', 'is', null)
        .execute();
      const referralsWithoutHistory = await db
        .selectFrom('referrals')
        .leftJoin('referral_status_changes', 'referral_status_changes.referral_id', 'referrals.id')
        .select('referrals.id')
        .where('referral_status_changes.id', 'is', null)
        .execute();
      const hooks = await db.selectFrom('outbox_messages').select(['subject_id', 'status']).where('kind', '=', 'webhook').execute();
      const hooked = new Set(hooks.map((hook) => hook.subject_id));
      expect(originsWithoutOffer).toEqual([]);
      expect(offersWithoutLinks).toEqual([]);
      expect(referralsWithoutHistory).toEqual([]);
      expect(approved.filter((referral) => !hooked.has(referral.id))).toEqual([]);
      expect(hooks.every((hook) => hook.status !== 'delivered')).toBe(true);
    } finally {
      await close();
    }
  }, 120_000);

  function acknowledgedCount(acked: Acknowledged): number {
    return acked.orders.size + acked.visitors.size + acked.shares.size + acked.approvals.size;
  }

  /** One client hammering the collector until it dies: purchases, clicks, shares, approvals. */
  async function drive(collector: CollectorProcess, round: number, worker: number, alive: () => boolean, acked: Acknowledged, count: () => void) {
    const post = (method: string, path: string, body: unknown) =>
      fetch(`${collector.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ site_slug: site, ...(body as object) }),
        signal: AbortSignal.timeout(5000),
      });
    for (let step = 0; alive(); step++) {
      try {
        const advocateOrder = `r${round}-w${worker}-s${step}-adv`;
        count();
        const advocate = await post('POST', '/api/v2/origins', { type: 'Purchase', data: { email: `${advocateOrder}@example.com`, order_number: advocateOrder, subtotal: 10 } });
        if (advocate.status >= 300) continue;
        acked.orders.add(advocateOrder);
        const offer = ((await advocate.json()) as any).result.offer;
        count();
        const click = await fetch(`${collector.url}${new URL(offer.claim_url).pathname}`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
        if (click.status !== 302) continue;
        const uuid = new URL(click.headers.get('location')!).searchParams.get('vouch_uuid')!;
        acked.visitors.add(uuid);
        count();
        const share = await post('POST', `/api/v2/offers/${offer.short_url_code}/shares/social`, { channel: 'whatsapp' });
        if (share.status === 201) acked.shares.add(((await share.json()) as any).result.share.id);
        const friendOrder = `r${round}-w${worker}-s${step}-friend`;
        count();
        const friend = await post('POST', '/api/v2/origins', { type: 'Purchase', data: { email: `${friendOrder}@example.com`, order_number: friendOrder, subtotal: 20, uuid } });
        if (friend.status >= 300) continue;
        acked.orders.add(friendOrder);
        count();
        const approval = await post('PUT', `/api/v2/origins/${friendOrder}/referral`, { data: { status: 'approved' } });
        if (approval.status === 200) acked.approvals.add(friendOrder);
      } catch {
        // The collector was killed mid-request: this request was never acknowledged.
      }
    }
  }
});
