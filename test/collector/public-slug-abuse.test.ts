/**
 * Regressions of an adversarial review done as an attacker who knows only a site's public slug.
 * A "browser" call below carries only site_slug, as any script can send it; the principle under
 * test: what only a browser says is a claim — it may show an offer and record activity, but it
 * never earns a reward by itself, never changes what the merchant's server said, and never sends
 * mail in words the merchant did not write.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { purchaseSignatureMessage, purchaseSignatureMessageV2, signPurchase, type SignedPurchaseFields } from '../../collector/signing/purchase-signature';
import { originChanges } from '../../collector/store/origin.repository';
import { followClaimLink, type ClaimVisit, type ClickSource } from '../support/claim-link';
import { purchase, startCollector, type TestCollector, type TestCollectorOptions } from '../support/collector';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

let collector: TestCollector;
let inbox: SmtpInbox | undefined;
afterEach(async () => {
  await collector?.cleanup();
  await inbox?.down();
  inbox = undefined;
});

/** A collector that believes X-Forwarded-For, so each test can play several networks. */
async function start(site: Record<string, unknown> = {}, options: TestCollectorOptions = {}) {
  collector = await startCollector({ publicRateLimits: false, trustProxy: true, site, ...options });
  return collector;
}

let networks = 0;
/** A public address of a network of its own (documentation range: nothing is ever sent there). */
function newNetwork(): string {
  networks += 1;
  return `203.0.${Math.floor(networks / 250) % 250}.${(networks % 250) + 1}`;
}

/** A call as any browser script makes it: the public slug, no key. */
function browser(path: string, body: Record<string, unknown>, ip = newNetwork()) {
  return collector.post(path, { site_slug: collector.siteSlug, ...body }, { 'x-forwarded-for': ip });
}

/** A call from the merchant's server, with the secret key. */
function server(path: string, body: Record<string, unknown>) {
  return collector.post(path, { site_slug: collector.siteSlug, api_key: collector.apiKey, ...body });
}

/** Follows a claim link, from a network of its own unless given one. */
function follow(claimUrl: string, from: ClickSource = {}): Promise<ClaimVisit> {
  return followClaimLink(claimUrl, { ...from, ip: from.ip ?? newNetwork() });
}

/** A real customer reported by the merchant's server; answers their offer. */
async function customer(email: string, orderNumber: string, extra: Record<string, unknown> = {}) {
  const answer = await server('/api/v2/origins', { type: 'Purchase', data: { email, order_number: orderNumber, subtotal: 40, ...extra } });
  expect(answer.status).toBe(201);
  return answer.body.result;
}

function referrals() {
  return collector.running.services.db.selectFrom('referrals').selectAll().orderBy('created_at').execute();
}

describe('1. threshold rewards farmed with the public slug', () => {
  const thresholds = { approval: { mode: 'auto', cooling_period_in_hours: 0 }, threshold_rewards: [{ reward_action_type: 3, qualified_amount: 10 }, { reward_action_type: 4, qualified_amount: 5 }] };

  it('credits nothing to an advocate only a browser created, however many shares and cookieless clicks', async () => {
    await start(thresholds);
    const joined = await browser('/api/v2/origins', { type: 'AffiliateMember', data: { email: 'farmer@attacker.test' } });
    expect(joined.status).toBe(201);
    const { offer } = joined.body.result;
    for (const channel of ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'facebook']) {
      expect((await browser(`/api/v2/offers/${offer.short_url_code}/shares/social`, { channel })).status).toBe(201);
    }
    for (let n = 0; n < 12; n++) await follow(offer.claim_url);
    expect(await referrals()).toEqual([]);
  });

  it("counts one network's cookieless clicks once, and leaves the advocate's own out", async () => {
    await start(thresholds);
    const advocateIp = newNetwork();
    const ann = await customer('ann@example.com', 'A-1', { ip_address: advocateIp });
    const farm = newNetwork();
    for (let n = 0; n < 12; n++) await follow(ann.offer.claim_url, { ip: farm });
    for (let n = 0; n < 12; n++) await follow(ann.offer.claim_url, { ip: advocateIp });
    expect(await referrals()).toEqual([]);
    for (let n = 0; n < 9; n++) await follow(ann.offer.claim_url);
    const [credited, ...more] = await referrals();
    expect(more).toEqual([]);
    // Clicks are what browsers say: the credit waits for a person even on an auto-approving site.
    expect(credited).toMatchObject({ reward_action_type: 3, qualified_amount: 10, status: 'pending', approve_after: null });
  });

  it('counts an IPv6 /64 as one network: one host holds a whole /64', async () => {
    await start(thresholds);
    const ann = await customer('ann@example.com', 'A-1');
    for (let n = 1; n <= 12; n++) await follow(ann.offer.claim_url, { ip: `2001:db8:1:2::${n.toString(16)}` });
    expect(await referrals()).toEqual([]);
  });

  it('counts a repeated share of one channel once a day', async () => {
    await start(thresholds);
    const ann = await customer('ann@example.com', 'A-1');
    for (let n = 0; n < 6; n++) await browser(`/api/v2/offers/${ann.offer.short_url_code}/shares/social`, { channel: 'facebook' });
    expect(await referrals()).toEqual([]);
  });
});

describe('2. order-number squatting', () => {
  it("lets the merchant's server take over an order a stranger's browser reported first, and credits the real friend", async () => {
    await start({ approval: { mode: 'auto', cooling_period_in_hours: 1 } });
    const ann = await customer('ann@example.com', 'A-1');
    const friend = await follow(ann.offer.claim_url);
    const squat = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'squatter@attacker.test', order_number: '10001', subtotal: 0 } });
    expect(squat.status).toBe(201);

    const real = await server('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: '10001', subtotal: 80, uuid: friend.uuid } });
    expect(real.status).toBe(201);
    expect(real.body.result.origin).toMatchObject({ email: 'bob@example.com', order_number: '10001', subtotal: 80, verified: true });
    expect(real.body.result.offer.short_url_code).not.toBe(squat.body.result.offer.short_url_code);
    expect(real.body.result.referral).toMatchObject({ status: 'pending', attributed_by: 'uuid', advocate_offer: { short_url_code: ann.offer.short_url_code } });

    // Posting it again is the merchant's origin, not the squatter's.
    const again = await server('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: '10001', subtotal: 80 } });
    expect(again.status).toBe(200);
    expect(again.body.result.origin.id).toBe(real.body.result.origin.id);
    const history = await originChanges(collector.running.services.db, squat.body.result.origin.id);
    expect(history).toEqual([expect.objectContaining({ change: 'superseded', detail: expect.stringContaining(real.body.result.origin.id) })]);
    // And the squatter's browser, posting again, learns nothing about the real order.
    expect((await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'squatter@attacker.test', order_number: '10001', subtotal: 0 } })).status).toBe(409);
  });

  it("voids the referral a squatted order closed for the squatter's accomplice", async () => {
    await start();
    const accomplice = await customer('mallory@attacker.test', 'M-1');
    const click = await follow(accomplice.offer.claim_url);
    const squat = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'sock@attacker.test', order_number: '20002', subtotal: 0, uuid: click.uuid } });
    expect(squat.body.result.referral).toMatchObject({ status: 'pending' });
    await server('/api/v2/origins', { type: 'Purchase', data: { email: 'carol@example.com', order_number: '20002', subtotal: 55 } });
    const stored = await collector.running.services.db.selectFrom('referrals').selectAll().where('id', '=', squat.body.result.referral.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('voided');
    const changes = await collector.running.services.db.selectFrom('referral_status_changes').select(['to_status', 'cause']).where('referral_id', '=', stored.id).orderBy('created_at').execute();
    expect(changes.at(-1)).toEqual({ to_status: 'voided', cause: 'origin_superseded' });
  });

  it("confirms the same customer's browser report: the server's figures win; a tie only the browser gave waits for a person", async () => {
    await start({ approval: { mode: 'auto', cooling_period_in_hours: 1 } });
    const ann = await customer('ann@example.com', 'A-1');
    const click = await follow(ann.offer.claim_url);
    const first = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: '30003', subtotal: 1, uuid: click.uuid } });
    expect(first.body.result.referral).toMatchObject({ status: 'pending' });
    expect((await referrals())[0]!.approve_after).toBeNull();

    const confirmed = await server('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: '30003', subtotal: 64 } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.result.origin).toMatchObject({ id: first.body.result.origin.id, subtotal: 64, verified: true });
    // The uuid is still only the browser's word: the referral stays with the advocate it named, for a person to approve.
    expect(await referrals()).toMatchObject([{ id: first.body.result.referral.id, advocate_offer_id: ann.offer.id, approve_after: null }]);
    expect((await originChanges(collector.running.services.db, first.body.result.origin.id)).map((change) => change.change)).toEqual(['verified']);

    // When the server's own report carries the uuid, the tie is the merchant's word: the cooling period applies.
    const click2 = await follow(ann.offer.claim_url);
    const cyFirst = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'cy@example.com', order_number: '30004', subtotal: 1, uuid: click2.uuid } });
    await server('/api/v2/origins', { type: 'Purchase', data: { email: 'cy@example.com', order_number: '30004', subtotal: 64, uuid: click2.uuid } });
    expect((await referrals()).find((row) => row.id === cyFirst.body.result.referral.id)).toMatchObject({ approve_after: expect.any(String) });
  });

  it("decides the referral again on the server's figures: its uuid names the advocate, its subtotal meets the site's rule", async () => {
    await start({ approval: { mode: 'auto', cooling_period_in_hours: 1 }, referral_closed_by: { origin: 'Purchase', minimum_subtotal: 100 } });
    const ann = await customer('ann@example.com', 'A-1');
    const mallory = await customer('mallory@attacker.test', 'M-1');
    const fromMallory = await follow(mallory.offer.claim_url);
    const fromAnn = await follow(ann.offer.claim_url);

    const claimed = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: 'B-1', subtotal: 1000, uuid: fromMallory.uuid } });
    expect(claimed.body.result.referral).toMatchObject({ advocate_offer: { short_url_code: mallory.offer.short_url_code } });
    const reported = await server('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: 'B-1', subtotal: 150, uuid: fromAnn.uuid } });
    expect(reported.body.result.referral).toMatchObject({ id: claimed.body.result.referral.id, status: 'pending', advocate_offer: { short_url_code: ann.offer.short_url_code } });
    expect((await referrals())[0]!.approve_after).toEqual(expect.any(String));

    const small = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'cy@example.com', order_number: 'C-1', subtotal: 1000, uuid: fromMallory.uuid } });
    const below = await server('/api/v2/origins', { type: 'Purchase', data: { email: 'cy@example.com', order_number: 'C-1', subtotal: 5 } });
    expect(below.body.result.referral).toMatchObject({ id: small.body.result.referral.id, status: 'voided' });
  });

  it("does not let a browser's report of a friend take the one referral the merchant's server later reports", async () => {
    await start({ approval: { mode: 'auto', cooling_period_in_hours: 1 } });
    const ann = await customer('ann@example.com', 'A-1');
    const mallory = await customer('mallory@attacker.test', 'M-1');
    const fromMallory = await follow(mallory.offer.claim_url);
    const poison = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'carol@example.com', order_number: 'JUNK-1', subtotal: 0, uuid: fromMallory.uuid } });
    expect(poison.body.result.referral).toMatchObject({ status: 'pending' });
    const fromAnn = await follow(ann.offer.claim_url);
    const real = await customer('carol@example.com', 'C-REAL', { uuid: fromAnn.uuid });
    expect(real.referral).toMatchObject({ id: poison.body.result.referral.id, status: 'pending', advocate_offer: { short_url_code: ann.offer.short_url_code } });
    const [stored] = await referrals();
    expect(stored).toMatchObject({ friend_origin_id: real.origin.id, approve_after: expect.any(String) });
    const history = await collector.running.services.db.selectFrom('referral_status_changes').select('cause').where('referral_id', '=', stored!.id).orderBy('created_at').execute();
    expect(history.map((row) => row.cause)).toEqual(['attribution:uuid', 'origin_verified:attribution:uuid']);
  });

  it("never lets a browser change an order the merchant's server reported", async () => {
    await start();
    await customer('real@example.com', '40004');
    const late = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'real@example.com', order_number: '40004', subtotal: 0 } });
    expect(late.status).toBe(200);
    // The browser learns nothing of the stored order, and the store keeps the server's figures.
    expect(late.body.result.origin).toEqual({ id: expect.any(String), type: 'Purchase', order_number: '40004', verified: true });
    const stored = await collector.running.services.db.selectFrom('origins').selectAll().where('order_number', '=', '40004').execute();
    expect(stored).toMatchObject([{ subtotal: 40, verified: 1 }]);
  });
});

describe('3. event and order slugs', () => {
  it('refuses a browser order number that reads as an Event slug', async () => {
    await start();
    const answer = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'x@attacker.test', order_number: 'newsletter_subscription:42', subtotal: 0 } });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'order_number_reserved', errors: [{ field: 'data.order_number' }] });
  });

  it('refuses, never guesses, a slug that names both an order and an event', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1');
    const click = await follow(ann.offer.claim_url);
    await server('/api/v2/origins', { type: 'Event', data: { email: 'bob@example.com', event_category: 'signup', event_number: '7', uuid: click.uuid } });
    await server('/api/v2/origins', { type: 'Purchase', data: { email: 'cy@example.com', order_number: 'signup:7', subtotal: 5 } });
    const answer = await collector.put('/api/v2/origins/signup:7/referral', { site_slug: collector.siteSlug, api_key: collector.apiKey, data: { status: 'approved' } });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('ambiguous_origin_slug');
    expect((await referrals()).map((referral) => referral.status)).toEqual(['pending']);
  });
});

describe('4 and 5. email invites: attribution and mail in the shop\'s name', () => {
  async function startWithMail(site: Record<string, unknown> = {}) {
    inbox = await startSmtpInbox();
    return start({ ...site, smtp_url: inbox.url, mail_from: 'Test Shop <hello@shop.example>' }, { outbox: FAST_OUTBOX });
  }

  it('sends nothing for an advocate only a browser created, so a stranger cannot claim organic buyers', async () => {
    await startWithMail();
    const joined = await browser('/api/v2/origins', { type: 'AffiliateMember', data: { email: 'spammer@attacker.test' } });
    expect(joined.body.result.offer.share_key).toBeUndefined();
    const code = joined.body.result.offer.short_url_code;
    const refused = await browser(`/api/v2/offers/${code}/shares/email`, { recipients: 'organic@example.com', subject: 'Claim your prize', body: 'Log in at evil.test' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'share_key_required', errors: [{ field: 'share_key' }] });
    const guessed = await browser(`/api/v2/offers/${code}/shares/email`, { recipients: 'organic@example.com', share_key: 'f'.repeat(32) });
    expect(guessed.body.code).toBe('share_key_invalid');
    const bought = await customer('organic@example.com', 'O-1');
    expect(bought.referral).toBeUndefined();
    // Nothing was ever queued for the shop's mail server.
    expect(await collector.running.services.db.selectFrom('outbox_messages').select('id').where('kind', '=', 'mail').execute()).toEqual([]);
  });

  it("does not hand a browser that names an existing advocate's email their share key", async () => {
    await startWithMail();
    const ann = await customer('ann@example.com', 'A-1', { first_name: 'Ann' });
    const joined = await server('/api/v2/origins', { type: 'AffiliateMember', data: { email: 'ann@example.com' } });
    const impostor = await browser('/api/v2/origins', { type: 'AffiliateMember', data: { email: 'ann@example.com' } });
    expect(impostor.status).toBe(200);
    expect(impostor.body.result.offer.short_url_code).toBe(joined.body.result.offer.short_url_code);
    expect(impostor.body.result.offer.share_key).toBeUndefined();
    expect(impostor.body.result.offer.show_url).not.toContain('share_key');
    for (const code of [ann.offer.short_url_code, impostor.body.result.offer.short_url_code]) {
      const refused = await browser(`/api/v2/offers/${code}/shares/email`, { recipients: 'victim@example.com' });
      expect(refused.status).toBe(403);
    }
  });

  it("writes a browser's invite in the shop's words: its subject and sender name are ignored, a link in the note refused", async () => {
    await startWithMail();
    const ann = await customer('ann@example.com', 'A-1', { first_name: 'Ann' });
    const key = ann.offer.share_key;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const phishing = await browser(`/api/v2/offers/${ann.offer.short_url_code}/shares/email`, { recipients: 'bob@example.com', share_key: key, body: 'Reset your password at https://evil.test/login' });
    expect(phishing.status).toBe(422);
    expect(phishing.body).toMatchObject({ code: 'message_has_link', errors: [{ field: 'body' }] });
    for (const note of ['see www.evil.test', 'log in at evil.dev', 'bit．ly/x', 'evil。com', 'ｅｖｉｌ．ｃｏｍ']) {
      const answer = await browser(`/api/v2/offers/${ann.offer.short_url_code}/shares/email`, { recipients: 'bob@example.com', share_key: key, body: note });
      expect(answer.body.code, note).toBe('message_has_link');
    }

    const sent = await browser(`/api/v2/offers/${ann.offer.short_url_code}/shares/email`, {
      recipients: 'bob@example.com',
      share_key: key,
      subject: 'Your account is locked',
      advocate_name: 'Test Shop Security Team',
      body: 'You will love it',
    });
    expect(sent.status).toBe(201);
    const mail = await inbox!.waitForMessageTo('bob@example.com');
    expect(mail.mail.subject).toBe('Ann sent you $10 off your first order at Test Shop');
    expect(mail.mail.text).not.toContain('Security Team');
    expect(mail.mail.text).toContain('Ann wrote: "You will love it"');
  });
});

describe('6 (identity) and 7. public calls leak and overwrite identity', () => {
  it("answers a browser no customer_id, and never changes a person the merchant's server reported", async () => {
    await start();
    await customer('ann@example.com', 'A-1', { customer_id: 'CUST-1', first_name: 'Ann', last_name: 'Lee' });
    const probe = await browser('/api/v2/origins', { type: 'AffiliateMember', data: { email: 'ann@example.com', first_name: 'Hacked', last_name: 'Name', customer_id: 'EVIL-9' } });
    expect(probe.status).toBe(201);
    expect(probe.body.result.origin.customer_id).toBeUndefined();
    expect(JSON.stringify(probe.body)).not.toContain('CUST-1');
    const person = await collector.running.services.db.selectFrom('people').selectAll().where('email', '=', 'ann@example.com').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ customer_id: 'CUST-1', first_name: 'Ann', last_name: 'Lee' });
  });
});

describe("names in the shop's mail", () => {
  it("uses only names the merchant's server gave: a browser's names never reach an invite", async () => {
    inbox = await startSmtpInbox();
    await start({ smtp_url: inbox.url, mail_from: 'Test Shop <hello@shop.example>' }, { outbox: FAST_OUTBOX });
    // A browser names the person first; the server's report, without names, takes them back.
    await browser('/api/v2/origins', { type: 'AffiliateMember', data: { email: 'ann@example.com', first_name: 'Prize! Log in at', last_name: 'Security' } });
    const ann = await customer('ann@example.com', 'A-1');
    const sent = await browser(`/api/v2/offers/${ann.offer.short_url_code}/shares/email`, { recipients: 'bob@example.com', share_key: ann.offer.share_key });
    expect(sent.status).toBe(201);
    const mail = await inbox.waitForMessageTo('bob@example.com');
    expect(mail.mail.subject).toBe('A friend sent you $10 off your first order at Test Shop');
  });

  it('refuses a version 2 signed purchase whose names were changed in the browser', async () => {
    await start();
    const signed = `v2=${signPurchase(collector.apiKey, purchaseSignatureMessageV2({ siteSlug: 'test-shop', orderNumber: 'N-1', email: 'ann@example.com', subtotal: 10, firstName: 'Ann' }))}`;
    const data = { email: 'ann@example.com', order_number: 'N-1', subtotal: 10, signature: signed };
    expect((await browser('/api/v2/origins', { type: 'Purchase', data: { ...data, first_name: 'Ann' } })).status).toBe(201);
    const renamed = await browser('/api/v2/origins', { type: 'Purchase', data: { ...data, first_name: 'Prize! Log in at evil.dev' } });
    expect(renamed.body.code).toBe('signature_mismatch');
    const person = await collector.running.services.db.selectFrom('people').selectAll().where('email', '=', 'ann@example.com').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ first_name: 'Ann', names_vouched: 1 });
  });
});

describe('8. a future friend poisoned as "not new"', () => {
  it("does not count a browser's unsigned purchase as the friend's history", async () => {
    await start();
    await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: 'POISON-1', subtotal: 0 } });
    const ann = await customer('ann@example.com', 'A-1');
    const click = await follow(ann.offer.claim_url);
    const bought = await customer('bob@example.com', 'B-1', { uuid: click.uuid });
    expect(bought.referral).toMatchObject({ status: 'pending', blocked_reason: null });
  });
});

describe('9. claim hijack by replaying a visitor uuid', () => {
  it('treats a copied uuid as a new visitor, so the friend stays credited to the advocate they followed', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1');
    const mallory = await customer('mallory@attacker.test', 'M-1');
    const friend = await follow(ann.offer.claim_url);
    // The uuid is in the landing URL: the attacker copies it into a cookie of their own.
    const replay = await follow(mallory.offer.claim_url, { cookie: `vouch_uuid=${friend.uuid}` });
    expect(replay.uuid).not.toBe(friend.uuid);
    const forgedTag = await follow(mallory.offer.claim_url, { cookie: `vouch_uuid=${friend.uuid}.${'0'.repeat(32)}` });
    expect(forgedTag.uuid).not.toBe(friend.uuid);
    const bought = await customer('bob@example.com', 'B-1', { uuid: friend.uuid });
    expect(bought.referral).toMatchObject({ advocate_offer: { short_url_code: ann.offer.short_url_code } });
  });

  it("keeps a returning friend's own cookie: the same browser is the same visitor", async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1');
    const first = await follow(ann.offer.claim_url);
    const second = await follow(ann.offer.claim_url, { cookie: first.cookie });
    expect(second.uuid).toBe(first.uuid);
  });
});

describe('10. self-referral from the same browser and network under a second email', () => {
  it('blocks a friend whose address is an alias of the advocate mailbox', async () => {
    await start();
    const me = await customer('me@example.com', 'A-1');
    const click = await follow(me.offer.claim_url);
    const bought = await customer('me+2@example.com', 'A-2', { uuid: click.uuid });
    expect(bought.referral).toMatchObject({ status: 'blocked', blocked_reason: expect.stringContaining('alias') });
  });

  it("takes no ip_address from a browser, so nobody can paint a stranger's network as the advocate's", async () => {
    await start();
    const me = await customer('me@example.com', 'A-1');
    const friendNetwork = newNetwork();
    const painted = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'me@example.com', order_number: 'P-1', subtotal: 0, ip_address: friendNetwork } });
    const stored = await collector.running.services.db.selectFrom('origins').select('ip_address').where('id', '=', painted.body.result.origin.id).executeTakeFirstOrThrow();
    expect(stored.ip_address).not.toBe(friendNetwork);
    const click = await follow(me.offer.claim_url, { ip: friendNetwork });
    const bought = await customer('friend@example.org', 'F-1', { uuid: click.uuid });
    expect(bought.referral).toMatchObject({ status: 'pending', blocked_reason: null });
  });

  it("flags for a person, never blocks, a claim made from the advocate's own network (a shared office is no proof)", async () => {
    await start();
    const home = newNetwork();
    const me = await customer('me@example.com', 'A-1', { ip_address: home });
    await browser(`/api/v2/offers/${me.offer.short_url_code}/shares/social`, { channel: 'whatsapp' }, home);
    const click = await follow(me.offer.claim_url, { ip: home });
    const bought = await customer('someone-else@example.org', 'A-2', { uuid: click.uuid });
    expect(bought.referral).toMatchObject({ status: 'flagged', blocked_reason: null });
    expect(bought.referral.fraud_details).toContain('IP address');
  });
});

describe('11. the purchase signature binds attribution', () => {
  const fields = (extra: Partial<SignedPurchaseFields> = {}): SignedPurchaseFields => ({ siteSlug: 'test-shop', orderNumber: 'S-1', email: 'bob@example.com', subtotal: 10, ...extra });
  const v2 = (f: SignedPurchaseFields) => `v2=${signPurchase(collector.apiKey, purchaseSignatureMessageV2(f))}`;

  it('trusts a version 2 signature over every field that decides attribution or money, and refuses any change to one', async () => {
    await start();
    const ann = await customer('ann@example.com', 'A-1');
    const click = await follow(ann.offer.claim_url);
    const other = await follow((await customer('mallory@attacker.test', 'M-1')).offer.claim_url);
    const signed = fields({ visitorUuid: click.uuid, couponCode: 'SAVE5' });
    const data = { email: 'bob@example.com', order_number: 'S-1', subtotal: 10, uuid: click.uuid, coupon_code: 'SAVE5' };
    for (const tampered of [{ uuid: other.uuid }, { coupon_code: 'OTHER' }, { customer_id: 'C-9' }, { subtotal: 10.004 }, { subtotal: 1 }]) {
      const answer = await browser('/api/v2/origins', { type: 'Purchase', data: { ...data, ...tampered, signature: v2(signed) } });
      expect(answer.status, JSON.stringify(tampered)).toBe(422);
      expect(answer.body.code).toBe('signature_mismatch');
    }
    const good = await browser('/api/v2/origins', { type: 'Purchase', data: { ...data, signature: v2(signed) } });
    expect(good.status).toBe(201);
    expect(good.body.result.origin.verified).toBe(true);
    expect(good.body.result.offer.share_key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes no line break inside a signed identifier, so two purchases cannot read as one message', async () => {
    await start();
    for (const data of [{ order_number: 'S-1\nemail=x@attacker.test' }, { coupon_code: 'SAVE\nuuid=' }, { customer_id: 'C\r1' }]) {
      const answer = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: 'S-9', subtotal: 10, ...data } });
      expect(answer.status, JSON.stringify(data)).toBe(422);
      expect(answer.body.errors[0].field).toBe(`data.${Object.keys(data)[0]}`);
    }
  });

  it('keeps version 1 working, but a purchase with fields it does not cover is only a claim', async () => {
    await start({ approval: { mode: 'auto', cooling_period_in_hours: 1 } });
    const ann = await customer('ann@example.com', 'A-1');
    const click = await follow(ann.offer.claim_url);
    const v1 = signPurchase(collector.apiKey, purchaseSignatureMessage('test-shop', 'S-2', 'bob@example.com', 10));
    const plain = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'bob@example.com', order_number: 'S-2', subtotal: 10, signature: v1 } });
    expect(plain.body.result.origin.verified).toBe(true);
    const v1b = signPurchase(collector.apiKey, purchaseSignatureMessage('test-shop', 'S-3', 'cy@example.com', 10));
    const widened = await browser('/api/v2/origins', { type: 'Purchase', data: { email: 'cy@example.com', order_number: 'S-3', subtotal: 10, uuid: click.uuid, signature: v1b } });
    expect(widened.status).toBe(201);
    expect(widened.body.result.origin.verified).toBe(false);
    const referral = (await referrals()).find((row) => row.id === widened.body.result.referral.id)!;
    expect(referral.approve_after).toBeNull();
  });
});

describe("12. the merchant's coupon pool drained with the public slug", () => {
  it("hands a browser-only origin a generated friend coupon, so only the merchant's own reports take from the pool", async () => {
    await start({ friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off', coupon_source: 'pool' } });
    const loaded = await server('/api/v2/coupons', { data: { kind: 'friend', codes: ['SHOP-0001', 'SHOP-0002'] } });
    expect(loaded.status).toBe(201);
    const available = async () =>
      (await collector.get(`/api/v2/coupons?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` })).body.result.available.friend;

    for (const n of [1, 2, 3]) expect((await browser('/api/v2/origins', { type: 'AffiliateMember', data: { email: `drain${n}@attacker.test` } })).status).toBe(201);
    expect(await available()).toBe(2);

    expect((await server('/api/v2/origins', { type: 'AffiliateMember', data: { email: 'ann@example.com' } })).status).toBe(201);
    expect(await available()).toBe(1);
  });
});
