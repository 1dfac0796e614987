import type { RewardRow } from '../store/tables';

/** Talkable's reward statuses, as GET /api/v2/rewards filters them. */
export type TalkableRewardStatus = 'Paid' | 'Unpaid' | 'Voided';

/**
 * A reward's status as Talkable names it: Voided once a refund took it back, Unpaid while a
 * coupon reward still waits for its code (the pool ran dry, or the shop has not created it yet),
 * Paid otherwise.
 */
export function talkableRewardStatus(reward: RewardRow): TalkableRewardStatus {
  if (reward.reversed_at) return 'Voided';
  if (reward.incentive === 'discount_coupon' && !reward.coupon_code) return 'Unpaid';
  return 'Paid';
}
