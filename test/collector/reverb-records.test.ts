import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX, makeReferral, setStatus, webhookSite } from '../support/referrals';
import { basicAuth, buy, CONSUMER, getRecords, postRecord } from '../support/reverb';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let collector: TestCollector;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await collector?.cleanup();
  await receiver?.close();
  receiver = undefined;
});

async function start(site: Record<string, unknown> = {}) {
  collector = await startCollector({ site: { ...CONSUMER, approval: { mode: 'manual' }, ...site } });
}

const OK_WITH_DATA = 'OK: The request was successful. See response body for additional data.';
const REVERB_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

/** An advocate with an offer and a friend who bought without a link: the parts of a record made by hand. */
async function advocateAndFriend(order = 'F-1') {
  const advocate = await buy(collector, 'ann@example.com', 'A-1');
  const friend = await buy(collector, 'bob@example.com', order);
  const campaignUuid = collector.running.services.sites.bySlug(collector.siteSlug)!.id;
  return { advocate, friend, campaignUuid };
}

/** Reverb's example POST, translated: a referred purchase. */
function reverbExample(parts: Awaited<ReturnType<typeof advocateAndFriend>>, extra: Record<string, unknown> = {}) {
  return {
    website_uuid: parts.campaignUuid,
    campaign_uuid: parts.campaignUuid,
    referrer_advocate_uuid: parts.advocate.customerUuid,
    referred_customer_uuid: parts.friend.customerUuid,
    referred_order_uuid: parts.friend.orderUuid,
    level: 1,
    reward_action_type: 1,
    ...extra,
  };
}

describe('HTTP Basic auth with the consumer key and secret', () => {
  it('answers 401 in the Reverb envelope to missing, wrong and api_key credentials, on every endpoint', async () => {
    await start();
    const { advocate } = await advocateAndFriend();
    const attempts: Record<string, string>[] = [
      {},
      basicAuth('ck_test_shop_key', 'wrong-secret-wrong-secret'),
      basicAuth('ck_wrong_key', CONSUMER.consumer_secret),
      basicAuth(collector.apiKey, ''),
      { authorization: `Bearer ${collector.apiKey}` },
    ];
    for (const headers of attempts) {
      for (const response of [
        await collector.get(`/api/v1/referrals/${advocate.customerUuid}`, headers),
        await collector.post('/api/v1/referrals', { reward_action_type: 9 }, headers),
      ]) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="vouch"/);
        expect(response.body.response).toEqual({
          code: '401',
          message: 'Unauthorized: the consumer key or secret is missing or wrong',
          errors: [{ field: 'authorization', message: 'must be HTTP Basic with the site consumer_key and consumer_secret' }],
          error_code: 'unauthorized',
        });
      }
    }
    expect((await getRecords(collector, advocate.customerUuid)).status).toBe(200);
  });

  it('answers 401 on a site without consumer keys, whatever is presented', async () => {
    collector = await startCollector();
    const response = await collector.get(`/api/v1/referrals/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`, basicAuth());
    expect(response.status).toBe(401);
    expect(response.body.response.code).toBe('401');
  });
});

describe('GET /api/v1/referrals/:referral_uuid', () => {
  it("reads a referral a friend's purchase made, with the fields of Reverb's referral records API, as valid JSON", async () => {
    await start();
    const { referral, advocateOffer, friend, originSlug } = await makeReferral(collector);
    const response = await getRecords(collector, referral.id);
    expect(response.status).toBe(200);
    expect(response.body.response.code).toBe('200');
    expect(response.body.response.message).toBe(OK_WITH_DATA);
    const record = response.body.response.data.referral;
    expect(record).toMatchObject({
      uuid: referral.id,
      campaign_uuid: friend.campaign.id,
      referrer_advocate_uuid: expect.any(String),
      referred_customer_uuid: friend.origin.customer_uuid,
      referred_order_uuid: friend.origin.id,
      referred_order_number: 'F-1',
      level: 1,
      short_code: advocateOffer.short_url_code,
      reward_earned: '10.00',
      reward_type: 'commission',
      reward_payed: 'false',
      incentive_used: null,
      incentive_type: 'coupon',
      status: 'pending',
      record_status: 1,
      reward_action_type: 1,
    });
    expect(record.referral_date).toMatch(REVERB_DATE);

    await setStatus(collector, originSlug, 'approved');
    const approved = (await getRecords(collector, referral.id)).body.response.data.referral;
    expect(approved).toMatchObject({ status: 'approved', reward_payed: 'true', reward_earned: '10.00', incentive_used: expect.stringMatching(/^FRIEND-/) });
  });

  it("shows a percentage reward's reward_earned as the percent of the friend's order before approval, and the issued amount after a partial refund", async () => {
    await start({ advocate_reward: { percent: 10, incentive: 'rebate', incentive_description: "10% of your friend's order back" } });
    const { originSlug, referral } = await makeReferral(collector, { order: 'P-1', subtotal: 33.35 });
    expect((await getRecords(collector, referral.id)).body.response.data.referral.reward_earned).toBe('3.34');
    await setStatus(collector, originSlug, 'approved');
    await collector.post(`/api/v2/origins/${originSlug}/refund`, { api_key: collector.apiKey, site_slug: collector.siteSlug, data: { refunded_amount: 13.35 } });
    expect((await getRecords(collector, referral.id)).body.response.data.referral).toMatchObject({ status: 'approved', reward_payed: 'true', reward_earned: '2.00' });
  });

  it("answers 404 in the envelope for a uuid that is no referral or customer of the site", async () => {
    await start();
    for (const uuid of ['01890000-0000-7000-8000-000000000000', 'not-a-uuid']) {
      const response = await getRecords(collector, uuid);
      expect(response.status).toBe(404);
      expect(response.body.response).toMatchObject({ code: '404', errors: [{ field: 'uuid', message: 'is not a referral or customer uuid of this site' }] });
    }
  });
});

describe('GET /api/v1/referrals/:customer_uuid', () => {
  it("lists the customer's referrals as advocate in a JSON array, oldest first, paged by cursor", async () => {
    await start();
    const made = [];
    for (const n of [1, 2, 3]) made.push(await makeReferral(collector, { friend: `f${n}@example.com`, order: `F-${n}` }));
    const advocateUuid = (await getRecords(collector, made[0]!.referral.id)).body.response.data.referral.referrer_advocate_uuid;

    const first = await getRecords(collector, advocateUuid, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.response.message).toBe(OK_WITH_DATA);
    const page = first.body.response.data;
    expect(Array.isArray(page.referrals)).toBe(true);
    expect(page.referrals.map((record: any) => record.uuid)).toEqual([made[0]!.referral.id, made[1]!.referral.id]);
    expect(page.limit).toBe(2);
    const second = (await getRecords(collector, advocateUuid, `?limit=2&cursor=${page.next_cursor}`)).body.response.data;
    expect(second.referrals.map((record: any) => record.uuid)).toEqual([made[2]!.referral.id]);
    expect(second.next_cursor).toBeNull();
    // Exactly a page's worth: no empty page after it.
    expect((await getRecords(collector, advocateUuid, '?limit=3')).body.response.data.next_cursor).toBeNull();
    expect((await getRecords(collector, advocateUuid)).body.response.data).toMatchObject({ limit: 25, next_cursor: null });

    // A customer who referred nobody (a friend) has an empty list, not a 404.
    const friendUuid = made[0]!.friend.origin.customer_uuid;
    expect((await getRecords(collector, friendUuid)).body.response.data.referrals).toEqual([]);
  });

  it('refuses a page size over the documented maximum of 100 and a cursor it did not make', async () => {
    await start();
    const { advocate } = await advocateAndFriend();
    const tooMany = await getRecords(collector, advocate.customerUuid, '?limit=101');
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.response.errors[0]).toEqual({ field: 'limit', message: 'must be at most 100' });
    const forged = await getRecords(collector, advocate.customerUuid, `?cursor=${Buffer.from('["x","y"]').toString('base64url')}`);
    expect(forged.status).toBe(422);
    expect(forged.body.response.errors[0]).toEqual({ field: 'cursor', message: 'must be a next_cursor from a previous page' });
  });
});

describe('POST /api/v1/referrals', () => {
  it("creates Reverb's example referred purchase, then refuses the same order again with 409", async () => {
    await start();
    const parts = await advocateAndFriend();
    const created = await postRecord(collector, reverbExample(parts));
    expect(created.status).toBe(200);
    expect(created.body.response).toMatchObject({ code: '200', message: 'OK: The request was successful.' });
    const record = created.body.response.data.referral;
    expect(record).toMatchObject({
      referrer_advocate_uuid: parts.advocate.customerUuid,
      referred_customer_uuid: parts.friend.customerUuid,
      referred_order_uuid: parts.friend.orderUuid,
      short_code: parts.advocate.offer.short_url_code,
      status: 'pending',
      reward_action_type: 1,
    });
    expect((await getRecords(collector, record.uuid)).body.response.data.referral).toEqual(record);

    const again = await postRecord(collector, reverbExample(parts));
    expect(again.status).toBe(409);
    expect(again.body.response).toEqual({
      code: '409',
      message: `referred_order_uuid is already tied to referral ${record.uuid}`,
      errors: [{ field: 'referred_order_uuid', message: `is already tied to referral ${record.uuid}` }],
      error_code: 'record_conflict',
    });
    const byNumber = await postRecord(collector, reverbExample(parts, { referred_order_uuid: undefined, referred_order_number: 'F-1' }));
    expect(byNumber.status).toBe(409);
    expect(byNumber.body.response.errors[0].field).toBe('referred_order_number');
  });

  it("refuses an order a friend's own attributed purchase already tied to a referral (409)", async () => {
    await start();
    const { friend } = await makeReferral(collector);
    const campaignUuid = friend.campaign.id;
    const other = await buy(collector, 'cy@example.com', 'C-1');
    const response = await postRecord(collector, {
      campaign_uuid: campaignUuid,
      reward_action_type: 1,
      referrer_advocate_uuid: other.customerUuid,
      referred_customer_uuid: friend.origin.customer_uuid,
      referred_order_uuid: friend.origin.id,
    });
    expect(response.status).toBe(409);
    expect(response.body.response.errors[0].field).toBe('referred_order_uuid');
  });

  it('enforces every required-field rule of the Reverb referral records API, naming the field in the envelope', async () => {
    await start();
    const parts = await advocateAndFriend();
    const base = reverbExample(parts);
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ ...base, reward_action_type: undefined }, 400, 'reward_action_type', 'reward_action_type is required'],
      [{ ...base, reward_action_type: 5 }, 422, 'reward_action_type', 'reward_action_type must be 1 (referred purchase), 2 (referred enroll), 3 (clicks) or 4 (shares)'],
      [{ ...base, referrer_advocate_uuid: undefined }, 400, 'referrer_advocate_uuid', 'referrer_advocate_uuid is required'],
      [{ ...base, reward_action_type: 3 }, 422, 'qualified_amount', 'qualified_amount is required for reward_action_type 3'],
      [{ ...base, reward_action_type: 4 }, 422, 'qualified_amount', 'qualified_amount is required for reward_action_type 4'],
      [{ ...base, reward_action_type: 4, qualified_amount: 0 }, 422, 'qualified_amount', 'qualified_amount must be at least 1'],
      [{ ...base, referred_customer_uuid: undefined }, 422, 'referred_customer_uuid', 'referred_customer_uuid is required for reward_action_type 1'],
      [{ ...base, reward_action_type: 2, referred_customer_uuid: undefined }, 422, 'referred_customer_uuid', 'referred_customer_uuid is required for reward_action_type 2'],
      [{ ...base, referred_order_uuid: undefined }, 422, 'referred_order_uuid', 'referred_order_uuid is required for reward_action_type 1 (or referred_order_number)'],
      [{ ...base, referred_level: 0 }, 422, 'referred_level', 'referred_level must be at least 1'],
      [{ ...base, reward_amount: -1 }, 422, 'reward_amount', 'reward_amount must not be negative'],
      [{ ...base, incentive_amount: 2e12 }, 422, 'incentive_amount', 'incentive_amount is too large'],
      [{ ...base, is_qualified_for_reward: 2 }, 422, 'is_qualified_for_reward', 'is_qualified_for_reward must be 0 or 1'],
      [{ ...base, is_qualified_for_incentive: 'yes' }, 422, 'is_qualified_for_incentive', 'is_qualified_for_incentive must be 0 or 1'],
      [{ ...base, status: 2 }, 422, 'status', 'status must be 0 or 1'],
      [{ ...base, cooling_period_end: '2026-11-23T10:00:00Z' }, 422, 'cooling_period_end', 'cooling_period_end must be YYYY-MM-DD HH:MM:SS'],
      [{ ...base, cooling_period_end: '2026-02-30 10:00:00' }, 422, 'cooling_period_end', 'cooling_period_end must be a real date and time'],
      [{ ...base, share_code: '' }, 422, 'share_code', 'share_code must not be empty'],
      [{ ...base, referrer_advocate_uuid: 'nope' }, 422, 'referrer_advocate_uuid', 'referrer_advocate_uuid must be a uuid'],
      [{ ...base, website_uuid: parts.friend.orderUuid }, 422, 'website_uuid', `website_uuid is not this site's website uuid (${parts.campaignUuid})`],
      [{ ...base, campaign_uuid: parts.friend.orderUuid }, 422, 'campaign_uuid', `campaign_uuid is not this site's campaign uuid (${parts.campaignUuid})`],
      [{ ...base, referrer_advocate_uuid: parts.friend.orderUuid }, 422, 'referrer_advocate_uuid', 'referrer_advocate_uuid is not a customer of this site'],
      [{ ...base, referred_customer_uuid: parts.advocate.customerUuid, referred_order_uuid: parts.advocate.orderUuid }, 422, 'referred_customer_uuid', 'referred_customer_uuid must not be the referrer (self-referral)'],
      [{ ...base, referred_order_uuid: parts.advocate.orderUuid }, 422, 'referred_order_uuid', 'referred_order_uuid is not an order of referred_customer_uuid'],
      [{ ...base, referred_order_uuid: parts.advocate.offer.id }, 422, 'referred_order_uuid', 'referred_order_uuid is not an order of this site'],
      [{ ...base, referrer_offer_uuid: parts.friend.offer.id }, 422, 'referrer_offer_uuid', 'referrer_offer_uuid is not an offer or order of referrer_advocate_uuid'],
    ];
    for (const [body, status, field, message] of cases) {
      const response = await postRecord(collector, body);
      expect(response.status, message).toBe(status);
      expect(response.body.response.code, message).toBe(String(status));
      expect(response.body.response.message).toBe(message);
      expect(response.body.response.errors[0].field).toBe(field);
    }
    // None of the refused calls wrote anything.
    expect(await collector.running.services.db.selectFrom('referrals').selectAll().execute()).toEqual([]);
  });

  it('takes an order number the shop has not reported yet, and ties it to the order when it arrives', async () => {
    await start();
    const parts = await advocateAndFriend();
    const created = await postRecord(collector, reverbExample(parts, { referred_order_uuid: undefined, referred_order_number: 'LATER-7' }));
    expect(created.status).toBe(200);
    const record = created.body.response.data.referral;
    expect(record).toMatchObject({ referred_order_uuid: null, referred_order_number: 'LATER-7' });
    const later = await buy(collector, 'bob@example.com', 'LATER-7');
    expect(later.referral.id).toBe(record.uuid);
    expect((await getRecords(collector, record.uuid)).body.response.data.referral.referred_order_uuid).toBe(later.orderUuid);
    // Now the Talkable-shaped PUT finds it by the order number too.
    expect((await setStatus(collector, 'LATER-7', 'voided')).body.result.referral).toMatchObject({ id: record.uuid, status: 'voided' });
  });

  it("reads Reverb's PHP sample body: JSON posted as application/x-www-form-urlencoded, and plain form fields", async () => {
    await start();
    const parts = await advocateAndFriend();
    const json = await collector.post('/api/v1/referrals', JSON.stringify(reverbExample(parts)), { ...basicAuth(), 'content-type': 'application/x-www-form-urlencoded' });
    expect(json.status).toBe(200);
    const second = await buy(collector, 'dee@example.com', 'F-2');
    const form = new URLSearchParams({
      reward_action_type: '2',
      referrer_advocate_uuid: parts.advocate.customerUuid,
      referred_customer_uuid: second.customerUuid,
      is_qualified_for_incentive: '0',
    });
    const fields = await collector.post('/api/v1/referrals', form.toString(), { ...basicAuth(), 'content-type': 'application/x-www-form-urlencoded' });
    expect(fields.status).toBe(200);
    expect(fields.body.response.data.referral).toMatchObject({ reward_action_type: 2, referred_customer_uuid: second.customerUuid, is_qualified_for_incentive: 0 });
  });

  it('400 naming the field for form fields whose escapes are not UTF-8, rather than storing U+FFFD', async () => {
    await start();
    const parts = await advocateAndFriend();
    const form = (orderNumber: string) =>
      `reward_action_type=1&referrer_advocate_uuid=${parts.advocate.customerUuid}&referred_customer_uuid=${parts.friend.customerUuid}&referred_order_number=${orderNumber}`;
    const headers = { ...basicAuth(), 'content-type': 'application/x-www-form-urlencoded' };
    const refused = await collector.post('/api/v1/referrals', form('caf%E9'), headers);
    expect(refused.status).toBe(400);
    expect(refused.body.response.errors[0]).toEqual({ field: 'referred_order_number', message: 'is not valid UTF-8' });
    expect(await collector.running.services.db.selectFrom('referrals').selectAll().execute()).toEqual([]);
    // UTF-8 escapes are read, and a percent sign that escapes nothing is kept as it is.
    const accepted = await collector.post('/api/v1/referrals', form('caf%C3%A9-100%'), headers);
    expect(accepted.status).toBe(200);
    expect(accepted.body.response.data.referral.referred_order_number).toBe('café-100%');
  });

  it('makes status 0 an inactive (voided) record and keeps the cooling period end it was given', async () => {
    await start({ approval: { mode: 'auto', cooling_period_in_hours: 72 } });
    const parts = await advocateAndFriend();
    const inactive = await postRecord(collector, reverbExample(parts, { status: 0 }));
    expect(inactive.body.response.data.referral).toMatchObject({ status: 'voided', record_status: 0, reward_earned: '0.00', cooling_period_end: null });
    const second = await buy(collector, 'dee@example.com', 'F-2');
    const cooling = await postRecord(collector, reverbExample(parts, { referred_customer_uuid: second.customerUuid, referred_order_uuid: second.orderUuid, cooling_period_end: '2031-01-02 03:04:05' }));
    expect(cooling.body.response.data.referral).toMatchObject({ status: 'pending', record_status: 1, cooling_period_end: '2031-01-02 03:04:05' });
  });
});

describe('one model under both APIs', () => {
  it('takes a hand-made record through approval, its own amounts and the signed Referral web hook', async () => {
    receiver = await startWebhookReceiver();
    collector = await startCollector({ site: webhookSite(receiver.url, CONSUMER), outbox: FAST_OUTBOX });
    const parts = await advocateAndFriend();
    const created = await postRecord(collector, reverbExample(parts, { reward_amount: 7.5, incentive_amount: '3' }));
    const id = created.body.response.data.referral.uuid;
    expect(created.body.response.data.referral.reward_earned).toBe('7.50');

    // Listed by the Talkable-shaped API too, with its friend origin.
    const listed = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}`, { authorization: `Bearer ${collector.apiKey}` });
    expect(listed.body.result.referrals[0]).toMatchObject({ id, origin_slug: 'F-1', attributed_by: 'record', reward_action_type: 1 });

    const approved = await collector.put(`/api/v2/referrals/${id}`, { api_key: collector.apiKey, site_slug: collector.siteSlug, data: { status: 'approved' } });
    expect(approved.body.result).toMatchObject({ referral: { id, status: 'approved' }, changed: true });
    const [request] = await receiver.waitForDelivered(1);
    const payload = JSON.parse(request!.body);
    // A hand-made record is no rule's decision: it carries no fraud trail.
    expect(payload.referral).toEqual({ id, status: 'approved', fraud: null });
    expect(payload.referred_origin).toMatchObject({ id: parts.friend.orderUuid, order_number: 'F-1' });
    expect(payload.advocate_rewards.map((reward: any) => reward.amount)).toEqual(['7.50']);
    expect(payload.friend_rewards.map((reward: any) => reward.amount)).toEqual(['3.00']);
    expect((await getRecords(collector, id)).body.response.data.referral).toMatchObject({ status: 'approved', reward_payed: 'true', reward_earned: '7.50' });
  });

  it('approves a threshold record (no friend) with the advocate reward only, and withholds it when not qualified', async () => {
    receiver = await startWebhookReceiver();
    collector = await startCollector({ site: webhookSite(receiver.url, CONSUMER), outbox: FAST_OUTBOX });
    const { advocate } = await advocateAndFriend();
    const shares = await postRecord(collector, { reward_action_type: 4, qualified_amount: 150, referrer_advocate_uuid: advocate.customerUuid, referred_customer_uuid: advocate.customerUuid });
    expect(shares.body.response.data.referral).toMatchObject({ reward_action_type: 4, qualified_amount: 150, referred_customer_uuid: null, referred_order_uuid: null });
    const id = shares.body.response.data.referral.uuid;
    await collector.put(`/api/v2/referrals/${id}`, { api_key: collector.apiKey, site_slug: collector.siteSlug, data: { status: 'approved' } });
    const [request] = await receiver.waitForDelivered(1);
    const payload = JSON.parse(request!.body);
    expect(payload.referred_origin).toBeNull();
    expect(payload.friend_rewards).toEqual([]);
    expect(payload.advocate_rewards).toHaveLength(1);
    // The same threshold again is a 409; a record that did not qualify gets no advocate reward.
    const again = await postRecord(collector, { reward_action_type: 4, qualified_amount: 150, referrer_advocate_uuid: advocate.customerUuid });
    expect(again.status).toBe(409);
    expect(again.body.response.errors[0].field).toBe('qualified_amount');
    const clicks = await postRecord(collector, { reward_action_type: 3, qualified_amount: 2000, referrer_advocate_uuid: advocate.customerUuid, is_qualified_for_reward: 0 });
    const clicksId = clicks.body.response.data.referral.uuid;
    await collector.put(`/api/v2/referrals/${clicksId}`, { api_key: collector.apiKey, site_slug: collector.siteSlug, data: { status: 'approved' } });
    expect((await getRecords(collector, clicksId)).body.response.data.referral).toMatchObject({ status: 'approved', reward_payed: 'false', reward_earned: '0.00' });
  });
});
