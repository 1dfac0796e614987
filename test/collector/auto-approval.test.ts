import { afterEach, describe, expect, it } from 'vitest';
import { approveDueReferrals } from '../../collector/scheduler/auto-approval';
import { startCollector, type TestCollector } from '../support/collector';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const COOLING_PERIOD_IN_HOURS = 72;
/** A scheduler that runs its first round at start and then, within a test, never again: the test runs rounds itself. */
const ROUNDS_BY_HAND = { intervalInMs: 3_600_000 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function start(receiver: WebhookReceiver, clock: ManualClock, options: { approval?: Record<string, unknown>; reuse?: TestCollector; intervalInMs?: number } = {}): Promise<TestCollector> {
  const { reuse } = options;
  const collector = await startCollector({
    site: webhookSite(receiver.url, { approval: options.approval ?? { mode: 'auto', cooling_period_in_hours: COOLING_PERIOD_IN_HOURS } }),
    outbox: FAST_OUTBOX,
    clock: clock.now,
    autoApproval: options.intervalInMs ? { intervalInMs: options.intervalInMs } : ROUNDS_BY_HAND,
    ...(reuse ? { reuse, apiKey: reuse.apiKey } : {}),
  });
  cleanups.push(() => (reuse ? collector.stop() : collector.cleanup()));
  return collector;
}

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  cleanups.push(() => started.close());
  return started;
}

/** One scheduler round of this collector, at its clock's time. */
function round(collector: TestCollector, clock: ManualClock) {
  const { db, sites, logger } = collector.running.services;
  return approveDueReferrals({ db, sites, logger, now: clock.now() });
}

async function statusOf(collector: TestCollector, id: string) {
  return (await collector.running.services.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

describe('automatic approval after the cooling period', () => {
  it('approves once the cooling period is over, not an hour before, records the scheduler as the cause, and fires the web hook', async () => {
    const hooks = await receiver();
    const clock = new ManualClock();
    const collector = await start(hooks, clock);
    const { referral } = await makeReferral(collector);
    expect(referral.status).toBe('pending');

    clock.advanceHours(COOLING_PERIOD_IN_HOURS - 1);
    expect((await round(collector, clock)).approved).toBe(0);
    expect(await statusOf(collector, referral.id)).toBe('pending');

    clock.advanceHours(1);
    expect((await round(collector, clock)).approved).toBe(1);
    collector.running.services.wakeOutbox();
    const [request] = await hooks.waitForDelivered(1, 5000);
    expect(JSON.parse(request!.body).referral).toEqual({ id: referral.id, status: 'approved', fraud: expect.objectContaining({ outcome: 'pass' }) });
    const history = await collector.running.services.db.selectFrom('referral_status_changes').select(['to_status', 'cause', 'created_at']).orderBy('created_at').execute();
    expect(history).toEqual([
      { to_status: 'pending', cause: 'attribution:uuid', created_at: expect.any(String) },
      // Dated by the collector's clock, not the machine's.
      { to_status: 'approved', cause: 'scheduler:cooling_period_over', created_at: clock.now().toISOString() },
    ]);
  });

  it("approves in the running collector's own scheduler, by the collector's clock, after a restart", async () => {
    const hooks = await receiver();
    const clock = new ManualClock();
    const first = await start(hooks, clock);
    const { referral } = await makeReferral(first);
    await first.stop();
    clock.advanceHours(COOLING_PERIOD_IN_HOURS);
    // Due work is read from the store, so the new process finds it at its first round.
    const second = await start(hooks, clock, { reuse: first, intervalInMs: 50 });
    await hooks.waitForDelivered(1, 5000);
    expect(await statusOf(second, referral.id)).toBe('approved');
  });

  it('approves exactly once when two instances run their rounds at the same moment', async () => {
    const hooks = await receiver();
    const clock = new ManualClock();
    const first = await start(hooks, clock);
    const second = await start(hooks, clock, { reuse: first });
    for (const n of [1, 2, 3]) await makeReferral(first, { advocate: `a${n}@example.com`, friend: `f${n}@example.org`, order: `F-${n}` });
    clock.advanceHours(COOLING_PERIOD_IN_HOURS);
    const rounds = await Promise.all([round(first, clock), round(second, clock)]);
    expect(rounds[0]!.approved + rounds[1]!.approved).toBe(3);
    first.running.services.wakeOutbox();
    await hooks.waitForDelivered(3, 5000);
    // Nothing left for a third round, and each referral paid its two rewards once.
    expect((await round(second, clock)).approved).toBe(0);
    expect(await first.running.services.db.selectFrom('rewards').select('id').execute()).toHaveLength(6);
    const approvals = await first.running.services.db.selectFrom('referral_status_changes').select('referral_id').where('to_status', '=', 'approved').execute();
    expect(approvals).toHaveLength(3);
  });

  it('never approves by itself in manual mode, while the same round approves an auto site beside it', async () => {
    const manualHooks = await receiver();
    const autoHooks = await receiver();
    const clock = new ManualClock();
    const autoSite = { slug: 'auto-shop', apiKey: 'sk_test_auto_shop_key_0123456789' };
    const collector = await startCollector({
      site: webhookSite(manualHooks.url, { approval: { mode: 'manual' } }),
      extraSites: [
        {
          site_slug: autoSite.slug,
          name: 'Auto Shop',
          api_key: autoSite.apiKey,
          allowed_hosts: ['auto.example'],
          destination_url: 'https://auto.example/',
          show_claim_page: false,
          ...webhookSite(autoHooks.url, { approval: { mode: 'auto', cooling_period_in_hours: COOLING_PERIOD_IN_HOURS } }),
        },
      ],
      outbox: FAST_OUTBOX,
      clock: clock.now,
      autoApproval: ROUNDS_BY_HAND,
    });
    cleanups.push(() => collector.cleanup());
    const { referral: manual } = await makeReferral(collector);
    const { referral: auto } = await makeReferral({ ...collector, siteSlug: autoSite.slug, apiKey: autoSite.apiKey });
    clock.advanceHours(10 * COOLING_PERIOD_IN_HOURS);
    expect((await round(collector, clock)).approved).toBe(1);
    collector.running.services.wakeOutbox();
    const [approved] = await autoHooks.waitForDelivered(1, 5000);
    expect(JSON.parse(approved!.body).referral).toEqual({ id: auto.id, status: 'approved', fraud: expect.objectContaining({ outcome: 'pass' }) });
    expect(await statusOf(collector, auto.id)).toBe('approved');
    expect(await statusOf(collector, manual.id)).toBe('pending');
    expect(manualHooks.received).toHaveLength(0);
  });

  it('does not approve a referral voided during its cooling period', async () => {
    const hooks = await receiver();
    const clock = new ManualClock();
    const collector = await start(hooks, clock);
    const { referral } = await makeReferral(collector, { order: 'V-1' });
    await setStatus(collector, 'V-1', 'voided');
    clock.advanceHours(COOLING_PERIOD_IN_HOURS);
    expect((await round(collector, clock)).approved).toBe(0);
    expect(await statusOf(collector, referral.id)).toBe('voided');
  });
});
