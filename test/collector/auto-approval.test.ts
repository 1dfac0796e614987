import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const COOLING_PERIOD_IN_HOURS = 0.5 / 3600; // half a second
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function start(receiver: WebhookReceiver, approval: Record<string, unknown>, reuse?: TestCollector): Promise<TestCollector> {
  const collector = await startCollector({
    site: webhookSite(receiver.url, { approval }),
    outbox: FAST_OUTBOX,
    autoApproval: { intervalInMs: 50 },
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

describe('automatic approval after the cooling period', () => {
  it('approves once the cooling period is over, records the scheduler as the cause, and fires the web hook', async () => {
    const hooks = await receiver();
    const collector = await start(hooks, { mode: 'auto', cooling_period_in_hours: COOLING_PERIOD_IN_HOURS });
    const created = Date.now();
    const { referral } = await makeReferral(collector);
    expect(referral.status).toBe('pending');
    const [request] = await hooks.waitForDelivered(1, 5000);
    expect(request!.receivedAt - created).toBeGreaterThanOrEqual(450);
    expect(JSON.parse(request!.body).referral).toEqual({ id: referral.id, status: 'approved', fraud: expect.objectContaining({ outcome: 'pass' }) });
    const history = await collector.running.services.db.selectFrom('referral_status_changes').select(['to_status', 'cause']).orderBy('created_at').execute();
    expect(history).toEqual([
      { to_status: 'pending', cause: 'attribution:uuid' },
      { to_status: 'approved', cause: 'scheduler:cooling_period_over' },
    ]);
  });

  it('finds due work in the store after a restart', async () => {
    const hooks = await receiver();
    const first = await start(hooks, { mode: 'auto', cooling_period_in_hours: 1 / 3600 });
    await makeReferral(first);
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await start(hooks, { mode: 'auto', cooling_period_in_hours: 1 / 3600 }, first);
    await hooks.waitForDelivered(1, 5000);
  });

  it('approves exactly once when two instances share the store', async () => {
    const hooks = await receiver();
    const first = await start(hooks, { mode: 'auto', cooling_period_in_hours: COOLING_PERIOD_IN_HOURS });
    await start(hooks, { mode: 'auto', cooling_period_in_hours: COOLING_PERIOD_IN_HOURS }, first);
    for (const n of [1, 2, 3]) await makeReferral(first, { advocate: `a${n}@example.com`, friend: `f${n}@example.com`, order: `F-${n}` });
    await hooks.waitForDelivered(3, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toHaveLength(3);
    const rewards = await first.running.services.db.selectFrom('rewards').select('id').execute();
    expect(rewards).toHaveLength(6);
  });

  it('never approves by itself in manual mode, while the same scheduler approves an auto site beside it', async () => {
    const manualHooks = await receiver();
    const autoHooks = await receiver();
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
      autoApproval: { intervalInMs: 50 },
    });
    cleanups.push(() => collector.cleanup());
    // The manual referral first: every scheduler round that approves the auto one has seen it.
    const { referral: manual } = await makeReferral(collector);
    const { referral: auto } = await makeReferral({ ...collector, siteSlug: autoSite.slug, apiKey: autoSite.apiKey });
    const [approved] = await autoHooks.waitForDelivered(1, 5000);
    expect(JSON.parse(approved!.body).referral).toEqual({ id: auto.id, status: 'approved', fraud: expect.objectContaining({ outcome: 'pass' }) });
    const cause = await collector.running.services.db.selectFrom('referral_status_changes').select('cause').where('referral_id', '=', auto.id).where('to_status', '=', 'approved').executeTakeFirst();
    expect(cause?.cause).toBe('scheduler:cooling_period_over');
    expect(manualHooks.received).toHaveLength(0);
    expect(await statusOf(collector, manual.id)).toBe('pending');
  });

  it('does not approve a referral voided during its cooling period', async () => {
    const hooks = await receiver();
    const auto = await start(hooks, { mode: 'auto', cooling_period_in_hours: COOLING_PERIOD_IN_HOURS });
    const { referral } = await makeReferral(auto, { order: 'V-1' });
    await setStatus(auto, 'V-1', 'voided');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(hooks.received).toHaveLength(0);
    expect(await statusOf(auto, referral.id)).toBe('voided');
  });
});

async function statusOf(collector: TestCollector, id: string) {
  return (await collector.running.services.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}
