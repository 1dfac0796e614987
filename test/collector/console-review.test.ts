import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followClaimLink } from '../support/claim-link';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { consoleBrowser, type ConsoleBrowser } from '../support/console-client';
import { signedInUser } from '../support/console-users';
import { FAST_OUTBOX, makeReferral, webhookSite } from '../support/referrals';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };

let collector: TestCollector;
let receiver: WebhookReceiver;
let owner: ConsoleBrowser;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  collector = await startCollector({ site: webhookSite(receiver.url), outbox: FAST_OUTBOX, admin: OWNER });
  owner = consoleBrowser(collector);
  expect((await owner.signIn(OWNER.email, OWNER.password)).status).toBe(200);
});
afterAll(async () => {
  await collector?.cleanup();
  await receiver?.close();
});

async function history(referralId: string) {
  const listing = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
  return listing.body.result.referrals.find((referral: any) => referral.id === referralId).status_history;
}

async function selfReferral(email: string, order: string) {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${order}`, subtotal: 30, first_name: 'Sam' }));
  const { uuid } = await followClaimLink(advocate.body.result.offer.claim_url);
  const again = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: order, subtotal: 12, uuid }));
  expect(again.body.result.referral.status).toBe('blocked');
  return again.body.result.referral;
}

describe('the console review queue', () => {
  it('lists a pending referral with its people, order, attribution and why it waits', async () => {
    const { referral } = await makeReferral(collector, { advocate: 'queue.ann@example.com', friend: 'queue.bob@example.com', order: 'Q-1', subtotal: 42.5 });
    const queue = await owner.call('GET', '/console/api/sites/test-shop/review-queue');
    expect(queue.status).toBe(200);
    const item = queue.body.result.referrals.find((candidate: any) => candidate.id === referral.id);
    expect(item).toEqual({
      id: referral.id,
      status: 'pending',
      created_at: expect.any(String),
      advocate: { email: 'queue.ann@example.com', name: 'Ann Advocate' },
      friend: { email: 'queue.bob@example.com', name: 'Bob' },
      order: { number: 'Q-1', subtotal: 42.5 },
      attribution: 'uuid',
      waiting_reason: 'waiting for approval (manual mode)',
    });
    expect(queue.body.result.next_cursor).toBeNull();
  });

  it('lists a blocked self-referral with the reason in words', async () => {
    const referral = await selfReferral('self.sam@example.com', 'SELF-1');
    const queue = await owner.call('GET', '/console/api/sites/test-shop/review-queue?status=blocked');
    const item = queue.body.result.referrals.find((candidate: any) => candidate.id === referral.id);
    expect(item.blocked_reason).toBe('self-referral — the friend is the advocate (same email)');
    expect(item.waiting_reason).toBe('blocked: self-referral — the friend is the advocate (same email)');
    // Not in the pending queue.
    const pending = await owner.call('GET', '/console/api/sites/test-shop/review-queue');
    expect(pending.body.result.referrals.map((candidate: any) => candidate.id)).not.toContain(referral.id);
  });

  it('approves with a note: the referral is approved, its web hook delivered, the audit log and history name the user and the note', async () => {
    const { referral } = await makeReferral(collector, { advocate: 'approve.ann@example.com', friend: 'approve.bob@example.com', order: 'AP-1' });
    const before = receiver.received.length;
    const approved = await owner.call('POST', `/console/api/sites/test-shop/referrals/${referral.id}/approve`, { note: 'checked the order in the shop admin' });
    expect(approved.status).toBe(200);
    expect(approved.body.result.referral).toEqual({ id: referral.id, status: 'approved', changed: true });

    await receiver.waitForDelivered(before + 1);
    const webhooks = receiver.received.slice(before).map((request) => JSON.parse(request.body));
    expect(webhooks.some((body) => JSON.stringify(body).includes(referral.id))).toBe(true);

    const audit = await owner.call('GET', '/console/api/audit');
    expect(audit.body.result.entries[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actor: { email: OWNER.email },
      action: 'referral.approve',
      site: 'test-shop',
      subject: referral.id,
      note: 'checked the order in the shop admin',
    });
    expect((await history(referral.id)).at(-1)).toMatchObject({ from: 'pending', to: 'approved', cause: 'console:approve', by: OWNER.email, note: 'checked the order in the shop admin' });

    // Approving again changes nothing and writes no second entry.
    const again = await owner.call('POST', `/console/api/sites/test-shop/referrals/${referral.id}/approve`, {});
    expect(again.body.result.referral).toMatchObject({ status: 'approved', changed: false });
    const after = await owner.call('GET', '/console/api/audit');
    expect(after.body.result.entries.filter((entry: any) => entry.subject === referral.id)).toHaveLength(1);
  });

  it('refuses a move the status table forbids with 409 and the domain code, and writes nothing', async () => {
    const referral = await selfReferral('self.tom@example.com', 'SELF-2');
    const refused = await owner.call('POST', `/console/api/sites/test-shop/referrals/${referral.id}/approve`, { note: 'try' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ok: false, code: 'illegal_transition' });
    const audit = await owner.call('GET', '/console/api/audit');
    expect(audit.body.result.entries.map((entry: any) => entry.subject)).not.toContain(referral.id);

    const unblocked = await owner.call('POST', `/console/api/sites/test-shop/referrals/${referral.id}/unblock`, {});
    expect(unblocked.body.result.referral).toMatchObject({ status: 'unblocked', changed: true });
    expect((await history(referral.id)).at(-1)).toMatchObject({ from: 'blocked', to: 'unblocked', by: OWNER.email, note: null });
  });

  it('decides in bulk, each id on its own', async () => {
    const first = (await makeReferral(collector, { advocate: 'bulk1.ann@example.com', friend: 'bulk1.bob@example.com', order: 'BULK-1' })).referral;
    const second = (await makeReferral(collector, { advocate: 'bulk2.ann@example.com', friend: 'bulk2.bob@example.com', order: 'BULK-2' })).referral;
    const blocked = await selfReferral('self.una@example.com', 'SELF-3');
    const unknown = '0190c2a4-0000-7000-8000-000000000000';
    const bulk = await owner.call('POST', '/console/api/sites/test-shop/referrals/bulk', { action: 'void', ids: [first.id, second.id, blocked.id, unknown], note: 'test orders' });
    expect(bulk.status).toBe(200);
    expect(bulk.body.result.results).toEqual([
      { id: first.id, ok: true, status: 'voided' },
      { id: second.id, ok: true, status: 'voided' },
      { id: blocked.id, ok: true, status: 'voided' },
      { id: unknown, ok: false, code: 'referral_not_found' },
    ]);
    const approveVoided = await owner.call('POST', '/console/api/sites/test-shop/referrals/bulk', { action: 'approve', ids: [first.id] });
    expect(approveVoided.body.result.results).toEqual([{ id: first.id, ok: false, code: 'illegal_transition' }]);
    const audit = await owner.call('GET', '/console/api/audit');
    expect(audit.body.result.entries.filter((entry: any) => entry.action === 'referral.void' && entry.note === 'test orders')).toHaveLength(3);
  });

  it('pages through the queue oldest first, each referral once', async () => {
    for (let index = 0; index < 3; index++) await makeReferral(collector, { advocate: `page${index}.ann@example.com`, friend: `page${index}.bob@example.com`, order: `PAGE-${index}` });
    const all = (await owner.call('GET', '/console/api/sites/test-shop/review-queue?limit=100')).body.result.referrals.map((referral: any) => referral.id);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect([...all].sort()).toEqual(all);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await owner.call('GET', `/console/api/sites/test-shop/review-queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.result.referrals.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.result.referrals.map((referral: any) => referral.id));
      cursor = page.body.result.next_cursor;
    } while (cursor);
    expect(paged).toEqual(all);
    const orders = (await owner.call('GET', '/console/api/sites/test-shop/review-queue?limit=100')).body.result.referrals.map((referral: any) => referral.order.number);
    expect(orders).toEqual(expect.arrayContaining(['PAGE-0', 'PAGE-1', 'PAGE-2']));
  });

  it('validates the input, naming the field', async () => {
    const { referral } = await makeReferral(collector, { advocate: 'bad.ann@example.com', friend: 'bad.bob@example.com', order: 'BAD-1' });
    const longNote = await owner.call('POST', `/console/api/sites/test-shop/referrals/${referral.id}/void`, { note: 'x'.repeat(501) });
    expect(longNote.status).toBe(422);
    expect(longNote.body).toMatchObject({ code: 'invalid_field', field: 'note' });
    const badId = await owner.call('POST', '/console/api/sites/test-shop/referrals/not-a-uuid/void', {});
    expect(badId.body).toMatchObject({ code: 'invalid_field', field: 'id' });
    const tooMany = await owner.call('POST', '/console/api/sites/test-shop/referrals/bulk', { action: 'void', ids: Array.from({ length: 101 }, () => referral.id) });
    expect(tooMany.body).toMatchObject({ code: 'invalid_field', field: 'ids' });
    const badStatus = await owner.call('GET', '/console/api/sites/test-shop/review-queue?status=approved');
    expect(badStatus.body).toMatchObject({ code: 'invalid_field', field: 'status' });
  });

  it("lets a reviewer decide on their site's referrals, recorded under the reviewer's address", async () => {
    const reviewer = await signedInUser(collector, { email: 'rita@shop.example', role: 'reviewer', sites: ['test-shop'] });
    const { referral } = await makeReferral(collector, { advocate: 'rev.ann@example.com', friend: 'rev.bob@example.com', order: 'REV-1' });
    const voided = await reviewer.call('POST', `/console/api/sites/test-shop/referrals/${referral.id}/void`, { note: 'duplicate order' });
    expect(voided.body.result.referral.status).toBe('voided');
    expect((await history(referral.id)).at(-1)).toMatchObject({ to: 'voided', by: 'rita@shop.example', note: 'duplicate order' });
    const audit = await owner.call('GET', '/console/api/audit?site=test-shop');
    expect(audit.body.result.entries[0]).toMatchObject({ actor: { email: 'rita@shop.example' }, action: 'referral.void', note: 'duplicate order' });
  });
});
