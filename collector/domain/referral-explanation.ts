import type { ReferralRow, ReferralStatusChangeRow, RewardRow } from '../store/tables';
import { blockedReasonInWords } from './review-queue';
import { firedWords, fraudPayload } from '../webhooks/fraud-payload';

/**
 * The answer to a support question: "why did I not get my reward?", for one referral, in words
 * a merchant can read out to the advocate. Built from what the store keeps: the referral's status
 * and reasons (blocked_reason, voided_reason, approve_after, advocate_reward_withheld_reason), its
 * history (the cause and who changed it), and its rewards.
 */
export interface ExplainedReferral {
  referral: Pick<ReferralRow, 'status' | 'blocked_reason' | 'approve_after' | 'advocate_reward_withheld_reason'> & {
    voided_reason?: string | null | undefined;
    fraud_decision?: string | null | undefined;
    flagged_until?: string | null | undefined;
  };
  /** Oldest first. */
  history: readonly Pick<ReferralStatusChangeRow, 'from_status' | 'to_status' | 'cause' | 'actor_email' | 'note'>[];
  rewards: readonly Pick<RewardRow, 'side' | 'amount' | 'incentive' | 'incentive_description' | 'coupon_code' | 'coupon_problem' | 'reversed_at' | 'reversed_reason'>[];
  /** The site's approval mode: with "manual" nothing is approved without a person. */
  approvalMode: 'auto' | 'manual';
  /** False when only a browser reported the friend's purchase (it then waits for a person). */
  purchaseVerified: boolean;
  now: Date;
}

/** Why it was voided, by the cause its history recorded (the "refunded" voided_reason first). */
const VOID_CAUSE_WORDS: Record<string, string> = {
  origin_superseded: "the shop's server reported this order for another customer",
  'origin_confirmed:rule_not_met': "the shop's server confirmed the order with figures that do not meet the campaign's rule (a lower subtotal)",
  api: "the shop's server voided it (API)",
  scheduler: 'the scheduler voided it',
};

const REFUND_WORDS: Record<string, string> = {
  refund: 'refunded',
  cancellation: 'cancelled',
  chargeback: 'charged back',
};

/** One sentence starting with the status: "blocked: self-referral — …", "pending: cooling period ends …". */
export function explainReferral(explained: ExplainedReferral): string {
  const { referral } = explained;
  switch (referral.status) {
    case 'blocked':
      return `blocked: ${blockedReasonInWords(referral.blocked_reason)}; a person may unblock it in the review queue`;
    case 'flagged':
      return `flagged: ${flaggedReason(referral)}`;
    case 'pending':
    case 'unblocked':
      return `pending: ${pendingReason(explained)}`;
    case 'voided':
      return `voided: ${voidedReason(explained)}`;
    case 'approved':
      return `approved: ${approvedReason(explained)}`;
  }
}

function flaggedReason(referral: ExplainedReferral['referral']): string {
  const words = firedWords(fraudPayload({ fraud_decision: referral.fraud_decision ?? null }));
  const why = words.length > 0 ? words.join('; ') : 'a fraud rule asked for a person';
  const until = referral.flagged_until ? `; if nobody decides by ${readableTime(referral.flagged_until)}, it resolves by itself` : '';
  return `${why}; waiting for a person in the review queue${until}`;
}

function pendingReason({ referral, history, approvalMode, purchaseVerified, now }: ExplainedReferral): string {
  const unblockedBy = referral.status === 'unblocked' ? lastChangeTo(history, 'unblocked') : undefined;
  const prefix = unblockedBy ? `unblocked${byWhom(unblockedBy)}; ` : '';
  if (referral.approve_after) {
    const ends = readableTime(referral.approve_after);
    return referral.approve_after > now.toISOString()
      ? `${prefix}cooling period ends ${ends}, then it is approved automatically`
      : `${prefix}cooling period ended ${ends}; it is approved at the scheduler's next round`;
  }
  if (approvalMode === 'manual') return `${prefix}waiting for the merchant's approval (this site approves every referral by hand)`;
  if (!purchaseVerified) return `${prefix}waiting for a person: only a browser reported the friend's purchase, not the shop's server`;
  if (unblockedBy) return `${prefix}waiting for the merchant's approval`;
  return "waiting for a person: the friend's tie to the advocate rests on a browser's word only (a visitor id or coupon of an unsigned purchase)";
}

function voidedReason({ referral, history }: ExplainedReferral): string {
  const change = lastChangeTo(history, 'voided');
  if (referral.voided_reason === 'refunded' || change?.cause.startsWith('refund:')) {
    const how = change?.cause.startsWith('refund:') ? (REFUND_WORDS[change.cause.slice('refund:'.length)] ?? 'refunded') : 'refunded';
    return `the friend's order was ${how}`;
  }
  if (!change) return 'no reward: the referral was voided';
  if (change.cause.startsWith('console:') || change.actor_email) return `voided by ${change.actor_email ?? 'a console user'}${change.note ? ` ("${change.note}")` : ''}`;
  return VOID_CAUSE_WORDS[change.cause] ?? `voided (${change.cause})`;
}

function approvedReason({ referral, rewards, history }: ExplainedReferral): string {
  const approval = lastChangeTo(history, 'approved');
  const by = approval ? approvedBy(approval) : '';
  const advocateReward = rewards.find((reward) => reward.side === 'advocate');
  if (!advocateReward) {
    const withheld = referral.advocate_reward_withheld_reason;
    return `no advocate reward: ${withheld ? withheldInWords(withheld) : 'the campaign gives the advocate none'}${by}`;
  }
  const what = rewardInWords(advocateReward);
  if (advocateReward.reversed_at) {
    const cause = advocateReward.reversed_reason?.startsWith('refund:') ? REFUND_WORDS[advocateReward.reversed_reason.slice('refund:'.length)] ?? 'refunded' : 'refunded';
    return `reward ${what} issued, then reversed on ${readableTime(advocateReward.reversed_at)}: the friend's order was ${cause}${by}`;
  }
  if (advocateReward.coupon_problem === 'coupon_pool_empty') return `reward ${what} issued without a code: the advocate coupon pool was empty (add codes, then send one by hand)${by}`;
  return `reward ${what} issued${advocateReward.coupon_code ? ` (coupon ${advocateReward.coupon_code})` : ''}${by}`;
}

/** "$5 off" as the campaign describes it, else the amount. */
function rewardInWords(reward: ExplainedReferral['rewards'][number]): string {
  const description = reward.incentive_description.trim();
  if (description) return description;
  return reward.amount === null ? reward.incentive.replaceAll('_', ' ') : String(reward.amount);
}

/** "limit: rewarded_referrals_per_advocate (3) reached" → words. */
function withheldInWords(reason: string): string {
  if (reason.startsWith('limit: ')) return `the advocate reached the campaign's limit ${reason.slice('limit: '.length)}`;
  if (reason.startsWith('not_qualified: ')) return reason.slice('not_qualified: '.length);
  return reason;
}

function approvedBy(change: ExplainedReferral['history'][number]): string {
  if (change.actor_email) return `; approved by ${change.actor_email}${change.note ? ` ("${change.note}")` : ''}`;
  if (change.cause.startsWith('scheduler')) return '; approved automatically after the cooling period';
  if (change.cause === 'api') return "; approved by the shop's server (API)";
  return '';
}

function byWhom(change: ExplainedReferral['history'][number]): string {
  return change.actor_email ? ` by ${change.actor_email}${change.note ? ` ("${change.note}")` : ''}` : '';
}

function lastChangeTo(history: ExplainedReferral['history'], status: string) {
  return history.findLast((change) => change.to_status === status && change.from_status !== status);
}

/** "2026-03-05 09:00 UTC". */
export function readableTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
