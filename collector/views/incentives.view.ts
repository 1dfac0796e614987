import type { Reward, Site } from '../config/site-config.schema';

/** One incentive of an offer, in Talkable's shape (its `incentives` hash, keyed by identifier). */
export interface IncentiveView {
  action_type: 'referrer' | 'click';
  description: string;
  /** Whether `amount` is a percent: of the friend's order (the advocate's `percent`) or off the order (a code's `percent_off`). */
  percentage: boolean;
  amount: number | null;
  criteria_config: Record<string, unknown>;
  for_advocate: boolean;
  for_friend: boolean;
  highest_amount: boolean;
  identifier: string;
  incentive_type: Reward['incentive'];
  coupon_expires_at: string | null;
}

/** The identifiers Talkable's offer samples use: the advocate's reward, and the friend's at the claim. */
export const ADVOCATE_INCENTIVE = 'referrer';
export const FRIEND_INCENTIVE = 'friend_new_customer';

/**
 * The site campaign's two incentives as Talkable's offer answers them: what the advocate earns
 * per rewarded friend, and what the friend gets at the claim. Vouch's rules are written into
 * Talkable's criteria: a friend must be a new customer, each friend rewards once, the purchase
 * (or the configured event) closes the referral, above the configured subtotal; the friend's
 * coupon ends when the offer's friend coupon does.
 */
export function incentivesView(site: Site, friendCouponExpiresAt: string | null): Record<string, IncentiveView> {
  const advocate = site.advocate_reward;
  const friend = site.friend_reward;
  const closedBy = site.referral_closed_by;
  return {
    [ADVOCATE_INCENTIVE]: {
      action_type: 'referrer',
      description: advocate.incentive_description,
      percentage: advocate.percent !== undefined || advocate.percent_off !== undefined,
      amount: advocate.percent ?? advocate.percent_off ?? advocate.amount ?? null,
      criteria_config: {
        new_customer: true,
        new_optin: false,
        subtotal_min: closedBy?.origin === 'Purchase' ? (closedBy.minimum_subtotal ?? null) : null,
        subtotal_max: null,
        referrals_min: null,
        referrals_max: site.limits.rewarded_referrals_per_advocate ?? null,
        reward_uniqueness: 'once_per_friend',
        friend_event_category: closedBy?.origin === 'Event' ? closedBy.event_category : 'purchase',
        has_liquid_criteria: false,
      },
      for_advocate: true,
      for_friend: false,
      highest_amount: true,
      identifier: ADVOCATE_INCENTIVE,
      incentive_type: advocate.incentive,
      coupon_expires_at: null,
    },
    [FRIEND_INCENTIVE]: {
      action_type: 'click',
      description: friend.incentive_description,
      percentage: friend.percent !== undefined || friend.percent_off !== undefined,
      amount: friend.percent ?? friend.percent_off ?? friend.amount ?? null,
      criteria_config: {
        once_per_person: true,
        new_customer: true,
        new_optin: false,
        allow_on_expired_offer: false,
        allow_on_self_referral: false,
        has_liquid_criteria: false,
      },
      for_advocate: false,
      for_friend: true,
      highest_amount: true,
      identifier: FRIEND_INCENTIVE,
      incentive_type: friend.incentive,
      coupon_expires_at: friend.incentive === 'discount_coupon' ? friendCouponExpiresAt : null,
    },
  };
}
