import { afterEach, describe, expect, it } from 'vitest';
import { resolveDueFlaggedReferrals } from '../../collector/scheduler/flagged-resolution';
import { followClaimLink, type ClickSource } from '../support/claim-link';
import { startCollector, type TestCollector, type TestCollectorOptions } from '../support/collector';
import { consoleBrowser } from '../support/console-client';
import { ManualClock } from '../support/manual-clock';
import { FAST_OUTBOX, TEST_WEBHOOK_SECRET } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let collector: TestCollector | undefined;
let hooks: WebhookReceiver | undefined;
afterEach(async () => {
  await collector?.cleanup();
  await hooks?.close();
  collector = undefined;
  hooks = undefined;
});

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };

async function start(site: Record<string, unknown> = {}, clock?: ManualClock, options: TestCollectorOptions = {}): Promise<TestCollector> {
  collector = await startCollector({ publicRateLimits: false, trustProxy: true, site, ...(clock ? { clock: clock.now } : {}), outbox: FAST_OUTBOX, admin: OWNER, ...options });
  return collector;
}

/** A customer the merchant's server reports, from a network given or none; answers the origin's result. */
async function customer(email: string, orderNumber: string, extra: Record<string, unknown> = {}) {
  const answer = await collector!.post('/api/v2/origins', { site_slug: collector!.siteSlug, api_key: collector!.apiKey, type: 'Purchase', data: { email, order_number: orderNumber, subtotal: 40, ...extra } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.result;
}

/** A friend who follows the advocate's link (from `from`) and buys, reported by the merchant's server. */
async function referredFriend(advocateResult: { offer: { claim_url: string } }, email: string, orderNumber: string, from: ClickSource = {}) {
  const click = await followClaimLink(advocateResult.offer.claim_url, from);
  return customer(email, orderNumber, { uuid: click.uuid });
}

/** The referral as the merchant's secret-key listing answers it. */
async function listed(referralId: string) {
  const answer = await collector!.get(`/api/v2/referrals?site_slug=${collector!.siteSlug}&api_key=${collector!.apiKey}`);
  expect(answer.status).toBe(200);
  return answer.body.result.referrals.find((referral: { id: string }) => referral.id === referralId);
}

function firedSignals(fraud: { signals: { signal: string; fired: boolean }[] }): string[] {
  return fraud.signals.filter((entry) => entry.fired).map((entry) => entry.signal);
}

const OFFICE = '198.51.7.20';

describe('fraud decisions on referrals', () => {
  it('flags, not blocks, two colleagues behind one office address, and says so in the trail', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: OFFICE });
    expect(bob.referral).toMatchObject({ status: 'flagged', blocked_reason: null });
    expect(bob.referral.flagged_until).toEqual(expect.any(String));
    expect(firedSignals(bob.referral.fraud)).toEqual(['same_ip', 'same_network_prefix']);
    expect(bob.referral.fraud.signals.find((entry: { signal: string }) => entry.signal === 'same_ip').words).toContain('the friend used an IP address the advocate also used');
    expect(bob.referral.fraud_policies_status).toMatchObject({ blocked: [], flagged: ['same_ip', 'same_network_prefix'] });
    const inList = await listed(bob.referral.id);
    expect(inList).toMatchObject({ status: 'flagged', approve_after: null, fraud: { outcome: 'flag', rules_version: expect.stringMatching(/^fr-/) } });
    expect(inList.status_history).toEqual([expect.objectContaining({ from: null, to: 'flagged', cause: 'rule:same_ip' })]);
  });

  it('passes a friend on another network, with every signal in the trail', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: '192.0.2.200' });
    expect(bob.referral.status).toBe('pending');
    expect(bob.referral.fraud.outcome).toBe('pass');
    expect(bob.referral.fraud.signals.map((entry: { signal: string }) => entry.signal)).toEqual(expect.arrayContaining(['self_referral', 'similar_email', 'same_ip', 'disposable_email', 'blocked_email']));
    expect(bob.referral.fraud_details).toBeNull();
  });

  it('blocks the advocate buying again as j.o.h.n+2@gmail.com', async () => {
    await start();
    const john = await customer('john@gmail.com', 'J-1');
    const again = await referredFriend(john, 'j.o.h.n+2@gmail.com', 'J-2');
    expect(again.referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringContaining('alias') });
    expect(firedSignals(again.referral.fraud)).toEqual(expect.arrayContaining(['self_referral', 'similar_email']));
    expect(again.referral.fraud.outcome).toBe('block');
  });

  it('flags a friend at a disposable mailbox', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1');
    const friend = await referredFriend(ann, 'someone@mailinator.com', 'M-1');
    expect(friend.referral.status).toBe('flagged');
    expect(firedSignals(friend.referral.fraud)).toEqual(['disposable_email']);
    expect(friend.referral.fraud_details).toContain('mailinator.com');
  });

  it('blocks a friend on the block list, naming the signal', async () => {
    await start({ fraud: { blocklists: { emails: ['*@fraud.example'] } } });
    const ann = await customer('ann@example.com', 'A-1');
    const friend = await referredFriend(ann, 'buyer@fraud.example', 'F-1');
    expect(friend.referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringMatching(/^blocked_email: /) });
    expect(friend.referral.fraud_policies_status.blocked).toEqual(['blocked_email']);
    const inList = await listed(friend.referral.id);
    expect(inList.status_history).toEqual([expect.objectContaining({ to: 'blocked', cause: 'rule:blocked_email' })]);
  });

  it('refuses fraud rules it cannot read at start, naming the field', async () => {
    await expect(start({ fraud: { signals: { same_ip: { action: 'ban' } } } })).rejects.toThrow(/same_ip.*action|action.*flag/s);
  });

  it('resolves a flagged referral nobody decided by the review deadline, recorded as such', async () => {
    const clock = new ManualClock();
    await start({ fraud: { flagged_auto_resolution: { after_days: 3, outcome: 'approve' } } }, clock);
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: OFFICE });
    expect(bob.referral.status).toBe('flagged');
    const { db, sites, logger } = collector!.running.services;
    const round = () => resolveDueFlaggedReferrals({ db, sites, logger, now: clock.now() });

    clock.advanceHours(3 * 24 - 1);
    expect((await round()).resolved).toBe(0);
    expect((await listed(bob.referral.id)).status).toBe('flagged');

    clock.advanceHours(1);
    expect((await round()).resolved).toBe(1);
    const resolved = await listed(bob.referral.id);
    // Cleared as a person's unblock would: the site's course (a cooling period, here long over) then approves it.
    expect(resolved).toMatchObject({ status: 'unblocked', approve_after: expect.any(String) });
    expect(resolved.status_history.at(-1)).toMatchObject({ from: 'flagged', to: 'unblocked', cause: 'scheduler:flagged_deadline' });
    // A second instance's round finds nothing left.
    expect((await round()).resolved).toBe(0);
  });

  it("resolves it in the running collector's own scheduler, by the collector's clock", async () => {
    const clock = new ManualClock();
    await start({ fraud: { flagged_auto_resolution: { after_days: 2, outcome: 'void' } } }, clock, { flaggedResolution: { intervalInMs: 50 } });
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: OFFICE });
    expect(bob.referral.status).toBe('flagged');
    clock.advanceHours(48);
    const deadline = Date.now() + 10_000;
    let status = 'flagged';
    while (status === 'flagged' && Date.now() < deadline) {
      status = (await listed(bob.referral.id)).status;
      if (status === 'flagged') await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toBe('voided');
    expect((await listed(bob.referral.id)).status_history.at(-1)).toMatchObject({ from: 'flagged', to: 'voided', cause: 'scheduler:flagged_deadline' });
  });

  it('voids a flagged referral at the deadline when the site says so, and leaves one a person decided', async () => {
    const clock = new ManualClock();
    await start({ fraud: { flagged_auto_resolution: { after_days: 1, outcome: 'void' } } }, clock);
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: OFFICE });
    const cat = await referredFriend(ann, 'cat@example.org', 'C-1', { ip: OFFICE });
    const approve = await collector!.put(`/api/v2/referrals/${cat.referral.id}`, { site_slug: collector!.siteSlug, api_key: collector!.apiKey, data: { status: 'approved' } });
    expect(approve.status).toBe(200);
    clock.advanceHours(24);
    const { db, sites, logger } = collector!.running.services;
    expect((await resolveDueFlaggedReferrals({ db, sites, logger, now: clock.now() })).resolved).toBe(1);
    expect(await listed(bob.referral.id)).toMatchObject({ status: 'voided' });
    expect((await listed(bob.referral.id)).status_history.at(-1)).toMatchObject({ to: 'voided', cause: 'scheduler:flagged_deadline' });
    expect((await listed(cat.referral.id)).status).toBe('approved');
  });

  it('keeps the decision trail from a browser: a purchase posted without the key answers no fraud fields', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1');
    const click = await followClaimLink(ann.offer.claim_url);
    const answer = await collector!.post('/api/v2/origins', { site_slug: collector!.siteSlug, type: 'Purchase', data: { email: 'someone@mailinator.com', order_number: 'W-1', subtotal: 40, uuid: click.uuid } });
    expect(answer.status).toBe(201);
    expect(answer.body.result.referral.status).toBe('flagged');
    expect(answer.body.result.referral).not.toHaveProperty('fraud');
    expect(answer.body.result.referral).not.toHaveProperty('fraud_policies_status');
    expect((await listed(answer.body.result.referral.id)).fraud.outcome).toBe('flag');
  });

  it("shows a flagged referral in the console's review queue with the trail's words, and lets a person approve it", async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: OFFICE });
    const owner = consoleBrowser(collector!);
    expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    const queue = await owner.call('GET', `/console/api/sites/${collector!.siteSlug}/review-queue`);
    expect(queue.status).toBe(200);
    const item = queue.body.result.referrals.find((candidate: { id: string }) => candidate.id === bob.referral.id);
    expect(item.status).toBe('flagged');
    expect(item.waiting_reason).toMatch(/^flagged for review: the friend used an IP address the advocate also used .*; resolves by itself \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    const approve = await collector!.put(`/api/v2/referrals/${bob.referral.id}`, { site_slug: collector!.siteSlug, api_key: collector!.apiKey, data: { status: 'approved' } });
    expect(approve.body.result).toMatchObject({ referral: { status: 'approved' }, changed: true });
  });

  it('counts a flagged referral as flagged in the console, not as pending, and exports it by that status', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: OFFICE });
    await referredFriend(ann, 'cy@example.org', 'C-1', { ip: '192.0.2.200' });
    const owner = consoleBrowser(collector!);
    expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
    const site = `/console/api/sites/${collector!.siteSlug}`;
    const advocate = await owner.call('GET', `${site}/advocates/ann@example.com`);
    expect(advocate.body.result.counts).toEqual({ pending: 1, flagged: 1, approved: 0, voided: 0, blocked: 0, total: 2 });
    const overview = await owner.call('GET', `${site}/overview`);
    expect(overview.body.result.totals.referrals).toMatchObject({ pending: 1, flagged: 1 });
    const exported = await owner.call('GET', `${site}/export/referrals.csv?status=flagged`);
    expect(exported.status).toBe(200);
    const rows = String(exported.body).trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(bob.referral.id);
  });

  it('carries the decision trail in the web hook', async () => {
    hooks = await startWebhookReceiver();
    await start({ allow_private_webhook_hosts: true, webhooks: [{ url: hooks.url, secret: TEST_WEBHOOK_SECRET, events: ['referral', 'referral.created'] }] });
    const ann = await customer('ann@example.com', 'A-1', { ip_address: OFFICE });
    const bob = await referredFriend(ann, 'bob@example.org', 'B-1', { ip: OFFICE });
    const unblock = await collector!.put(`/api/v2/referrals/${bob.referral.id}`, { site_slug: collector!.siteSlug, api_key: collector!.apiKey, data: { status: 'unblocked' } });
    expect(unblock.status).toBe(200);
    expect(unblock.body.result.referral.status).toBe('unblocked');
    const delivered = (await hooks.waitForDelivered(2)).map((hook) => JSON.parse(hook.body));
    const created = delivered.find((payload) => payload.type === 'referral.created');
    const unblocked = delivered.find((payload) => payload.type === 'referral.unblocked');
    for (const payload of [created, unblocked]) {
      expect(payload.referral.fraud).toMatchObject({ outcome: 'flag', rules_version: expect.stringMatching(/^fr-/) });
      expect(firedSignals(payload.referral.fraud)).toEqual(['same_ip', 'same_network_prefix']);
    }
    expect(created.referral.status).toBe('flagged');
  });
});
