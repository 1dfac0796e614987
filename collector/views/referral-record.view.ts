import type { Site } from '../config/site-config.schema';
import type { RecordContext } from '../store/referral-record.repository';
import type { OriginRow, ReferralRow, RewardRow } from '../store/tables';
import { percentageOfPurchase } from '../domain/percentage-reward';

/** Reverb's names for our incentive kinds (Reverb's API says "commission" and "coupon"). */
const REVERB_INCENTIVE_TYPE: Record<RewardRow['incentive'], string> = { rebate: 'commission', discount_coupon: 'coupon', other: 'other' };

/** "2026-11-23T10:00:00+00:00": ISO 8601 with an offset, as Reverb's referral_date; our times are UTC. */
export function isoWithOffset(utcIso: string): string {
  return `${utcIso.slice(0, 19)}+00:00`;
}

/** Reverb's `YYYY-MM-DD HH:MM:SS` (UTC), the form cooling_period_end is posted in. */
function reverbDateTime(utcIso: string): string {
  return utcIso.slice(0, 19).replace('T', ' ');
}

/**
 * A referral as a Reverb referral record (the fields of Reverb's referral records API), plus our lifecycle status and the
 * record fields a POST can set. Money is a string with two decimals and reward_payed a string,
 * as in Reverb's answers, so clients written against Reverb read them unchanged.
 */
export function referralRecordView(site: Site, referral: ReferralRow, context: RecordContext) {
  const offer = context.offers.get(referral.advocate_offer_id);
  const origin = referral.friend_origin_id ? context.origins.get(referral.friend_origin_id) : undefined;
  const rewards = context.rewards.get(referral.id) ?? [];
  const advocateReward = rewards.find((reward) => reward.side === 'advocate');
  const friendReward = rewards.find((reward) => reward.side === 'friend');
  const isPurchase = origin?.type === 'Purchase';
  return {
    uuid: referral.id,
    campaign_uuid: site.id,
    website_uuid: site.id,
    referrer_advocate_uuid: referral.advocate_person_id,
    referrer_offer_uuid: referral.advocate_offer_id,
    referred_customer_uuid: referral.friend_person_id,
    referred_order_uuid: isPurchase ? origin.id : null,
    referred_order_number: isPurchase ? origin.order_number : referral.referred_order_number,
    level: referral.level,
    short_code: offer?.short_url_code ?? null,
    reward_earned: rewardEarned(site, referral, advocateReward, origin).toFixed(2),
    // Not Reverb's: the currency of reward_earned and qualified_amount.
    currency: advocateReward?.currency ?? site.currency,
    reward_type: REVERB_INCENTIVE_TYPE[advocateReward?.incentive ?? site.advocate_reward.incentive],
    reward_payed: advocateReward ? 'true' : 'false',
    incentive_used: origin?.coupon_code || friendReward?.coupon_code || referral.share_code || null,
    incentive_type: REVERB_INCENTIVE_TYPE[friendReward?.incentive ?? site.friend_reward.incentive],
    referral_date: isoWithOffset(referral.created_at),
    status: referral.status,
    record_status: referral.status === 'voided' ? 0 : 1,
    reward_action_type: referral.reward_action_type,
    qualified_amount: referral.qualified_amount,
    is_qualified_for_reward: referral.reward_qualified,
    is_qualified_for_incentive: referral.incentive_qualified,
    cooling_period_end: referral.approve_after ? reverbDateTime(referral.approve_after) : null,
    blocked_reason: referral.blocked_reason,
  };
}

/**
 * The advocate's reward: what approval issued, or until then what it will issue (the record's
 * reward_amount, else the campaign's amount or percent of the purchase); 0 when voided, not
 * qualified, or withheld by a limit.
 */
function rewardEarned(site: Site, referral: ReferralRow, issued: RewardRow | undefined, purchase: OriginRow | undefined): number {
  if (issued) return issued.amount ?? 0;
  if (referral.status === 'voided' || referral.status === 'approved' || !referral.reward_qualified) return 0;
  if (referral.reward_amount !== null) return referral.reward_amount;
  const { percent, maximum_amount: maximumAmount, amount } = site.advocate_reward;
  if (percent === undefined) return amount ?? 0;
  // A percentage of the friend's purchase as it stands; 0 where approval would withhold it.
  const computed = percentageOfPurchase({ percent, maximumAmount: maximumAmount ?? null }, purchase);
  return 'amount' in computed ? computed.amount : 0;
}
