import type { Reward, Site } from '../config/site-config.schema';
import { offerCampaignSettings } from '../config/site-campaigns';
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
 * "Voided", when a refund took the reward back), how the amount was computed (`percent`,
 * `maximum_amount`) and what a partial refund did to it (`reduced_at`, `original_amount`,
 * `reduced_amount`, `reduction_applied`), `referral` {id, status} and `type` ("reward.issued" /
 * "reward.reduced" / "reward.reversed").
 */
export function rewardWebhookPayload(site: Site, details: ReferralDetails, reward: RewardRow, facts: RewardPayloadFacts) {
  const { referral, advocateOffer, advocateOrigin, advocate, friendOrigin, friend } = details;
  const isAdvocate = reward.side === 'advocate';
  const person = isAdvocate ? advocate : friend;
  const advocateOriginView = originView(advocateOrigin, advocate);
  const friendOriginView = friendOrigin && friend ? originView(friendOrigin, friend) : null;
  const reversedAt = reward.reversed_at ?? null;
  const campaignSite = offerCampaignSettings(site, advocateOffer);
  return {
    person: person ? personView(person, facts.referralCounts) : null,
    origin: isAdvocate ? advocateOriginView : friendOriginView,
    advocate_origin: advocateOriginView,
    friend_origin: friendOriginView,
    campaign: campaignView(site, advocateOffer, advocateOrigin),
    offer: { email: advocate.email, short_url_code: advocateOffer.short_url_code, ip_address: advocateOrigin.ip_address, variant_id: advocateOffer.variant_id ?? null },
    reward: {
      id: reward.id,
      reason: isAdvocate ? 'referrer' : 'referred',
      incentive_type: reward.incentive,
      incentive_identifier: isAdvocate ? 'referrer' : 'referred',
      incentive_description: reward.incentive_description,
      incentive_custom_description: null,
      amount: reward.amount === null ? null : reward.amount.toFixed(2),
      // Talkable sends {} for a reward without a coupon.
      coupon: reward.incentive === 'discount_coupon' && reward.coupon_code ? rewardCouponView(reward, facts.couponUsed, isAdvocate ? campaignSite.advocate_reward : campaignSite.friend_reward) : {},
      coupon_code: reward.coupon_code,
      status: reversedAt ? 'Voided' : 'Paid',
      reversed_at: reversedAt,
      ...rewardComputation(reward, site.currency),
    },
    referral: { id: referral.id, status: referral.status },
    type: reversedAt ? 'reward.reversed' : reward.reduced_at ? 'reward.reduced' : 'reward.issued',
  };
}

export type RewardWebhookPayload = ReturnType<typeof rewardWebhookPayload>;

/**
 * How a reward's amount came to be, as Vouch adds it to every view of a reward: its currency,
 * the advocate's tier it fell in, the percent of
 * the friend's purchase and its cap (null for a fixed amount), and, once a partial refund reduced
 * it, when, the amount before, the amount computed, and whether `amount` followed (false for a
 * coupon, whose code cannot shrink). Amounts are strings with two decimals, as `amount`.
 */
export function rewardComputation(reward: RewardRow, siteCurrency: string) {
  const money = (value: number | null | undefined) => (value === null || value === undefined ? null : value.toFixed(2));
  const reducedAt = reward.reduced_at ?? null;
  return {
    // A reward issued before rewards kept their currency was in the site's.
    currency: reward.currency ?? siteCurrency,
    // The advocate's tier: the tier's `from` and which rewarded referral in the period this was (null without tiers).
    tier_from: reward.tier_from ?? null,
    tier_position: reward.tier_position ?? null,
    percent: reward.percent ?? null,
    maximum_amount: money(reward.maximum_amount),
    reduced_at: reducedAt,
    original_amount: money(reward.original_amount),
    reduced_amount: money(reward.reduced_amount),
    reduction_applied: reducedAt ? reward.amount === reward.reduced_amount : null,
  };
}

/**
 * The reward's code as Talkable's coupon object: its expiry as issued (the reward's
 * expires_in_days), whether one order uses it up and whether it takes a percent off (the
 * reward's rules), and no coupon id (Vouch keeps no coupon rows).
 */
export function rewardCouponView(reward: RewardRow, used: boolean, rule: Reward) {
  const expiresAt = reward.coupon_expires_at ?? null;
  const percentOff = rule.percent_off;
  return {
    code: reward.coupon_code,
    active: !reward.coupon_revoked_at,
    valid_until: expiresAt,
    single_use: rule.single_use !== false,
    used,
    usages: used ? 1 : 0,
    // A percent-off code's amount is its percent, as Talkable writes it.
    amount: percentOff ?? reward.amount,
    percentage_discount: percentOff !== undefined,
    description: reward.incentive_description,
    id: null,
    expires_at: expiresAt,
  };
}
