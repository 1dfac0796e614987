import type { Site } from '../config/site-config.schema';
import type { ReferralDetails } from '../store/referral.repository';
import type { RewardRow } from '../store/tables';
import { campaignView, originView, personView, type ReferralCounts } from './talkable-views';

/** What the payload needs beyond the referral's rows, looked up in the caller's transaction. */
export interface RewardPayloadFacts {
  /** The rewarded person's referrals as advocate (Talkable's person.referral_counts). */
  referralCounts: ReferralCounts;
  /** Whether an order already used the reward's coupon code. */
  couponUsed: boolean;
}

/**
 * The Reward web hook payload, key for key as Talkable's Reward web hook: person, origin,
 * advocate_origin, friend_origin, campaign, offer, reward (reason "referrer" for the advocate,
 * "referred" for the friend). Fields Vouch does not track are there with Talkable's empty value
 * (traffic_source, username, loyalty). Vouch adds `reward.reversed_at` (set, with status
 * "Voided", when a refund took the reward back), `referral` {id, status} and `type`
 * ("reward.issued" / "reward.reversed").
 */
export function rewardWebhookPayload(site: Site, details: ReferralDetails, reward: RewardRow, facts: RewardPayloadFacts) {
  const { referral, advocateOffer, advocateOrigin, advocate, friendOrigin, friend } = details;
  const isAdvocate = reward.side === 'advocate';
  const person = isAdvocate ? advocate : friend;
  const advocateOriginView = originView(advocateOrigin, advocate);
  const friendOriginView = friendOrigin && friend ? originView(friendOrigin, friend) : null;
  const reversedAt = reward.reversed_at ?? null;
  return {
    person: person ? personView(person, facts.referralCounts) : null,
    origin: isAdvocate ? advocateOriginView : friendOriginView,
    advocate_origin: advocateOriginView,
    friend_origin: friendOriginView,
    campaign: campaignView(site, advocateOrigin),
    offer: { email: advocate.email, short_url_code: advocateOffer.short_url_code, ip_address: advocateOrigin.ip_address },
    reward: {
      id: reward.id,
      reason: isAdvocate ? 'referrer' : 'referred',
      incentive_type: reward.incentive,
      incentive_identifier: isAdvocate ? 'referrer' : 'referred',
      incentive_description: reward.incentive_description,
      incentive_custom_description: null,
      amount: reward.amount === null ? null : reward.amount.toFixed(2),
      // Talkable sends {} for a reward without a coupon.
      coupon: reward.incentive === 'discount_coupon' && reward.coupon_code ? couponView(reward, facts.couponUsed) : {},
      coupon_code: reward.coupon_code,
      status: reversedAt ? 'Voided' : 'Paid',
      reversed_at: reversedAt,
    },
    referral: { id: referral.id, status: referral.status },
    type: reversedAt ? 'reward.reversed' : 'reward.issued',
  };
}

export type RewardWebhookPayload = ReturnType<typeof rewardWebhookPayload>;

/** Vouch's reward codes are single-use fixed amounts without expiry; it keeps no coupon rows, so no coupon id. */
function couponView(reward: RewardRow, used: boolean) {
  return {
    code: reward.coupon_code,
    active: !reward.coupon_revoked_at,
    valid_until: null,
    single_use: true,
    used,
    usages: used ? 1 : 0,
    amount: reward.amount,
    percentage_discount: false,
    description: reward.incentive_description,
    id: null,
    expires_at: null,
  };
}
