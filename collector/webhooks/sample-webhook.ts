import type { Kysely } from 'kysely';
import type { Site, WebhookEndpoint } from '../config/site-config.schema';
import type { ReferralDetails } from '../store/referral.repository';
import { insertOutboxMessage } from '../store/outbox.repository';
import type { Database, OfferRow, OriginRow, PersonRow, ReferralRow, ReferralStatus, RewardRow } from '../store/tables';
import { eventWebhookPayload } from './event-webhook';
import type { FraudPayload } from './fraud-payload';
import { postShareWebhookPayload } from './post-share-webhook';
import { rewardWebhookPayload } from './reward-webhook-payload';
import { unsubscribeWebhookPayload } from './unsubscribe-webhook';
import { referralWebhookPayload } from './webhook-payload';

/*
 * "Deliver Sample", as in Talkable's web hook set-up page: a payload of one type built by the
 * same code as a real one, from rows holding the values of Talkable's sample payloads (its
 * people, order numbers, subtotals, coupon codes, short_url_code), so a receiver sees exactly
 * the shape it will get. Ids are Talkable's sample ids as strings, where Vouch's are uuids.
 */

const SAMPLE_TIME = '2019-04-11T14:28:31.258Z';
const NO_REFERRALS = { total: 0, approved: 0, pending: 0 };

function samplePerson(id: string, fields: Pick<PersonRow, 'email' | 'customer_id' | 'first_name' | 'last_name'>): PersonRow {
  return { id, site_id: '', identity_key: `email:${fields.email}`, custom_properties: null, created_at: SAMPLE_TIME, names_vouched: 1, ...fields };
}

function sampleOrigin(person: PersonRow, fields: Partial<OriginRow> & Pick<OriginRow, 'id' | 'type'>): OriginRow {
  return {
    site_id: '',
    person_id: person.id,
    idempotency_key: `sample:${fields.id}`,
    order_number: null,
    order_number_is_numeric: 0,
    event_category: null,
    event_number: null,
    subtotal: null,
    order_date: SAMPLE_TIME,
    coupon_code: null,
    items: null,
    campaign_tags: null,
    ip_address: '127.0.0.1',
    visitor_uuid: null,
    verified: 1,
    created_at: SAMPLE_TIME,
    ...fields,
  };
}

function sampleOffer(origin: OriginRow): OfferRow {
  return { id: `offer-${origin.id}`, site_id: '', origin_id: origin.id, person_id: origin.person_id, short_url_code: '1a2PV', friend_coupon_code: 'WHT29123', created_at: SAMPLE_TIME };
}

/** The decision trail of the flagged sample: the friend bought from the advocate's network (an office, a home). */
const SAMPLE_FLAGGED_DECISION: FraudPayload = {
  outcome: 'flag',
  rules_version: 'fr-0123456789abcdef',
  signals: [
    { signal: 'self_referral', value: { match: null }, fired: false, words: 'the friend and the advocate have different emails and customer ids', action: 'block' },
    { signal: 'same_ip', value: { compared: true, shared: 1 }, fired: true, words: 'the friend used an IP address the advocate also used (a shared home, office or mobile network: not proof by itself)', action: 'flag' },
  ],
};

/** The referral of Talkable's Referral and Reward samples: Bob refers Alice, whose purchase earns both a reward. */
function sampleReferral(site: Site, status: ReferralStatus): ReferralDetails {
  const advocate = samplePerson('715729561', { email: 'referrer@example.com', customer_id: '230652117', first_name: 'Bob', last_name: 'Smith' });
  const friend = samplePerson('11192772', { email: 'referred@example.com', customer_id: '323518374', first_name: 'Alice', last_name: 'Smith' });
  const advocateOrigin = sampleOrigin(advocate, { id: '280695079', type: 'Purchase', order_number: '288015920', subtotal: 6.31, coupon_code: 'WHT25279' });
  const friendOrigin = sampleOrigin(friend, { id: '264084636', type: 'Purchase', order_number: '4190583', subtotal: 73.41, coupon_code: 'WHT40052' });
  const advocateOffer = sampleOffer(advocateOrigin);
  const referral: ReferralRow = {
    id: '6400368',
    site_id: site.id,
    advocate_offer_id: advocateOffer.id,
    advocate_person_id: advocate.id,
    friend_origin_id: friendOrigin.id,
    friend_person_id: friend.id,
    claim_id: null,
    attributed_by: 'uuid',
    attribution_verified: 1,
    status,
    blocked_reason: status === 'blocked' ? 'self_referral' : null,
    fraud_decision: status === 'flagged' ? JSON.stringify(SAMPLE_FLAGGED_DECISION) : null,
    flagged_until: status === 'flagged' ? '2019-04-25T14:28:31.258Z' : null,
    approve_after: null,
    advocate_reward_withheld_reason: null,
    created_at: SAMPLE_TIME,
    updated_at: SAMPLE_TIME,
    reward_action_type: 1,
    level: 1,
    qualified_amount: null,
    referred_order_number: null,
    share_code: null,
    reward_amount: null,
    incentive_amount: null,
    reward_qualified: 1,
    incentive_qualified: 1,
  };
  const reward = (side: RewardRow['side'], id: string, fields: Pick<RewardRow, 'amount' | 'incentive' | 'incentive_description' | 'coupon_code'>): RewardRow => ({
    id,
    site_id: site.id,
    referral_id: referral.id,
    side,
    person_id: side === 'advocate' ? advocate.id : friend.id,
    origin_id: side === 'advocate' ? advocateOrigin.id : friendOrigin.id,
    coupon_problem: null,
    created_at: SAMPLE_TIME,
    ...fields,
  });
  // Rewards come with the approval: the other statuses have none yet.
  const rewards =
    status === 'approved'
      ? [
          reward('advocate', '8261305', { amount: 10, incentive: 'rebate', incentive_description: '$10.00 back', coupon_code: null }),
          reward('friend', '8261300', { amount: 10, incentive: 'discount_coupon', incentive_description: '$10', coupon_code: 'SAMPLE-COUPON-CODE' }),
        ]
      : [];
  return { referral, advocateOffer, advocateOrigin, advocate, friendOrigin, friend, rewards };
}

type SamplePayload = Record<string, unknown> & { type: string };

/** How to make each type's sample payload, as a real one of that type would read (before `sample: true` is added). */
const SAMPLE_OF_TYPE: Record<string, (site: Site) => SamplePayload> = {
  'referral.approved': (site) => referralWebhookPayload(site, sampleReferral(site, 'approved')),
  'referral.unblocked': (site) => referralWebhookPayload(site, sampleReferral(site, 'unblocked')),
  'referral.created': (site) => ({ ...referralWebhookPayload(site, sampleReferral(site, 'pending')), type: 'referral.created' }),
  'referral.flagged': (site) => ({ ...referralWebhookPayload(site, sampleReferral(site, 'flagged')), type: 'referral.flagged' }),
  'referral.blocked': (site) => ({ ...referralWebhookPayload(site, sampleReferral(site, 'blocked')), type: 'referral.blocked' }),
  'referral.voided': (site) => ({ ...referralWebhookPayload(site, sampleReferral(site, 'voided')), type: 'referral.voided' }),
  'reward.issued': (site) => sampleReward(site, {}),
  // 10% of the sample friend's 73.41, then 23.41 of it refunded: 7.34 became 5.00.
  'reward.reduced': (site) =>
    sampleReward(site, { percent: 10, amount: 5, original_amount: 7.34, reduced_amount: 5, reduced_at: SAMPLE_TIME, reduced_reason: 'refund:refund', incentive_description: "10% of your friend's order back" }),
  'reward.reversed': (site) => sampleReward(site, { reversed_at: SAMPLE_TIME }),
  'share.created': (site) => {
    const person = samplePerson('565659001', { email: 'sharer@example.com', customer_id: '565659001', first_name: 'Bob', last_name: 'Smith' });
    const origin = sampleOrigin(person, { id: '147886587', type: 'Purchase', order_number: '450901776', subtotal: 35.03, coupon_code: 'WHT29123', order_date: '2019-04-11T07:28:31.258-07:00' });
    const share = { id: '8261301', channel: 'email' as const, recipients: ['john@example.com'], link: null, verified: true };
    return postShareWebhookPayload(site, share, { offer: sampleOffer(origin), origin, person, referralCounts: NO_REFERRALS });
  },
  'event.created': (site) => {
    const person = samplePerson('865955119', { email: 'referrer@example.com', customer_id: '865955119', first_name: 'Bob', last_name: 'Smith' });
    const origin = sampleOrigin(person, {
      id: '289738874',
      type: 'Event',
      event_category: 'webhook-test',
      event_number: '953205549',
      subtotal: 91.52,
      coupon_code: 'WHT28499',
      order_date: '2019-04-11T07:26:17.272-07:00',
    });
    return eventWebhookPayload(origin, person, NO_REFERRALS, site.currency);
  },
  unsubscribe: () => {
    const person = samplePerson('715729561', { email: 'referrer@example.com', customer_id: null, first_name: 'Bob', last_name: 'Smith' });
    return unsubscribeWebhookPayload('referrer@example.com', person, NO_REFERRALS, 'unsubscribe_link', new Date(SAMPLE_TIME));
  },
};

/** The advocate's reward of the sample referral: as issued, or with what a refund changed. */
function sampleReward(site: Site, changes: Partial<RewardRow>): SamplePayload {
  const details = sampleReferral(site, 'approved');
  return rewardWebhookPayload(site, details, { ...details.rewards[0]!, ...changes }, { referralCounts: NO_REFERRALS, couponUsed: false });
}

/** Whether Vouch can deliver a sample of this web hook type. */
export function hasSample(type: string): boolean {
  return Object.hasOwn(SAMPLE_OF_TYPE, type);
}

/**
 * Writes a sample web hook of the type to one endpoint through the outbox (same signing,
 * retries and target checks as any delivery), its payload marked `sample: true` after `type`.
 * Answers the message id.
 */
export async function enqueueSampleWebhook(db: Kysely<Database>, site: Site, endpoint: WebhookEndpoint, type: string, now: Date): Promise<string> {
  const make = SAMPLE_OF_TYPE[type];
  if (!make) throw new Error(`no sample for web hook type ${type}`);
  const payload = { ...make(site), sample: true };
  return insertOutboxMessage(db, { site_id: site.id, kind: 'webhook', event_type: type, subject_id: null, payload: JSON.stringify(payload), endpoint_url: endpoint.url }, now);
}
