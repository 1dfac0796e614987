import type { Site } from '../config/site-config.schema';
import { talkableRewardStatus } from '../domain/talkable-reward-status';
import type { RewardRow } from '../store/tables';
import { rewardComputation, rewardCouponView } from '../webhooks/reward-webhook-payload';

/**
 * A reward as Talkable's rewards calls answer it (GET /rewards, GET /people/…/rewards), key for
 * key, with the amount as a number and coupon null without a code. Vouch adds after them the
 * referral it came from, when it was issued and reversed, and how its amount was computed.
 */
export function talkableRewardView(site: Site, reward: RewardRow, couponUsed: boolean) {
  const isAdvocate = reward.side === 'advocate';
  return {
    id: reward.id,
    reason: isAdvocate ? 'referrer' : 'referred',
    incentive_type: reward.incentive,
    incentive_description: reward.incentive_description,
    incentive_custom_description: null,
    amount: reward.amount,
    coupon: reward.incentive === 'discount_coupon' && reward.coupon_code ? rewardCouponView(reward, couponUsed, isAdvocate ? site.advocate_reward : site.friend_reward) : null,
    coupon_code: reward.coupon_code,
    status: talkableRewardStatus(reward),
    referral_id: reward.referral_id,
    created_at: reward.created_at,
    reversed_at: reward.reversed_at ?? null,
    ...rewardComputation(reward, site.currency),
  };
}
