import type { ReferralDetails } from '../store/referral.repository';
import type { ReferralStatusChangeRow } from '../store/tables';
import { originView } from './origin.view';
import { rewardComputation } from '../webhooks/reward-webhook-payload';
import { fraudPayload, talkableFraudFields } from '../webhooks/fraud-payload';

/** A referral as the merchant's secret-key listing shows it: people, rewards and history. */
export function referralDetailsView(details: ReferralDetails, history: readonly ReferralStatusChangeRow[], currency: string) {
  const { referral, advocate, friend, friendOrigin, advocateOffer } = details;
  return {
    id: referral.id,
    status: referral.status,
    /** What PUT /origins/:origin_slug/referral takes for this referral. */
    origin_slug: !friendOrigin ? referral.referred_order_number : friendOrigin.type === 'Event' ? `${friendOrigin.event_category}:${friendOrigin.event_number}` : friendOrigin.order_number,
    reward_action_type: referral.reward_action_type,
    blocked_reason: referral.blocked_reason,
    voided_reason: referral.voided_reason ?? null,
    flagged_until: referral.flagged_until ?? null,
    fraud: fraudPayload(referral),
    ...talkableFraudFields(referral),
    attributed_by: referral.attributed_by,
    approve_after: referral.approve_after,
    advocate_reward_withheld_reason: referral.advocate_reward_withheld_reason,
    friend_reward_withheld_reason: referral.friend_reward_withheld_reason ?? null,
    // Of the friend's subtotal; each reward names its own.
    currency,
    created_at: referral.created_at,
    updated_at: referral.updated_at,
    advocate: { uuid: advocate.id, email: advocate.email, first_name: advocate.first_name, last_name: advocate.last_name, customer_id: advocate.customer_id, short_url_code: advocateOffer.short_url_code },
    // Null for a click or share threshold (nobody was referred) or an order not reported yet.
    friend: friend && { uuid: friend.id, email: friend.email, first_name: friend.first_name, last_name: friend.last_name, customer_id: friend.customer_id },
    friend_origin: friendOrigin && friend ? originView(friendOrigin, friend, true) : null,
    rewards: details.rewards.map((reward) => ({
      id: reward.id,
      side: reward.side,
      amount: reward.amount === null ? null : reward.amount.toFixed(2),
      incentive: reward.incentive,
      incentive_description: reward.incentive_description,
      coupon_code: reward.coupon_code,
      coupon_problem: reward.coupon_problem,
      // When the code stops applying (the reward's expires_in_days), or null: never.
      coupon_expires_at: reward.coupon_expires_at ?? null,
      created_at: reward.created_at,
      // Set when a refund after approval took the reward back; the coupon is revoked only if unused.
      reversed_at: reward.reversed_at ?? null,
      reversed_reason: reward.reversed_reason ?? null,
      coupon_revoked_at: reward.coupon_revoked_at ?? null,
      // How the amount was computed (a percent of the friend's purchase), and what a partial refund did to it.
      ...rewardComputation(reward, currency),
      reduced_reason: reward.reduced_reason ?? null,
    })),
    // `by` and `note`: the console user who made the change and what they wrote (null otherwise).
    status_history: history.map((change) => ({ from: change.from_status, to: change.to_status, cause: change.cause, at: change.created_at, by: change.actor_email ?? null, note: change.note ?? null })),
  };
}
