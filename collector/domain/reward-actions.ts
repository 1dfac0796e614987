import type { OriginRow, ReferralRow, RewardActionType } from '../store/tables';

/** Reverb's reward_action_type values (its referral records API). */
export const REWARD_ACTION = { purchase: 1, enroll: 2, clicks: 3, shares: 4 } as const satisfies Record<string, RewardActionType>;

/** The record fields a referral has beyond Talkable's; what a referral that nobody set them for gets. */
export type RecordFields = Pick<
  ReferralRow,
  'reward_action_type' | 'level' | 'qualified_amount' | 'referred_order_number' | 'share_code' | 'reward_amount' | 'incentive_amount' | 'reward_qualified' | 'incentive_qualified'
>;

/** The record fields of a referral a friend's origin closed: a Purchase is a referred purchase, an Event an enrollment. */
export function recordFieldsForOrigin(origin: Pick<OriginRow, 'type'>): RecordFields {
  return {
    reward_action_type: origin.type === 'Event' ? REWARD_ACTION.enroll : REWARD_ACTION.purchase,
    level: 1,
    qualified_amount: null,
    referred_order_number: null,
    share_code: null,
    reward_amount: null,
    incentive_amount: null,
    reward_qualified: 1,
    incentive_qualified: 1,
  };
}
