import type { Kysely } from 'kysely';
import { referralCampaignSettings } from './referral-campaign';
import type { Site } from '../config/site-config.schema';
import { couponCodeRedeemed, findOrigin, markOriginRefunded } from '../store/origin.repository';
import { findReferral, findReferralByFriendOrigin, recordStatusChange } from '../store/referral.repository';
import { recordRewardReduction, reverseAdvocateReward, revokeRewardCoupon, rewardsOfReferrals } from '../store/reward.repository';
import { lockKey } from '../store/row-locks';
import type { Database, OriginRow, ReferralRow, RefundReason } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { enqueueRewardWebhooks } from '../webhooks/reward-webhook';
import { percentageAmount } from './percentage-reward';
import { voidUndecidedReferral } from './referral-lifecycle';
import { rewardAmountLock } from './rewards';
import { Refusal } from './refusal';

/** A refund as the route hands it to the domain. */
export interface RefundInput {
  /** When the shop refunded it (Talkable's data.refunded_at); now when not given. */
  refundedAt: string | null;
  /** How much of the subtotal; the whole subtotal when not given. */
  refundedAmount: number | null;
  reason: RefundReason;
}

/** What recording a refund did. */
export interface RecordedRefund {
  origin: OriginRow;
  /** False when the origin had been refunded before: nothing was written. */
  changed: boolean;
  /** The referral the friend's origin closed, as the refund left it, if any. */
  referral: ReferralRow | undefined;
  /** The web hooks the refund wrote (a reversed reward's, a voided referral's): the caller wakes the outbox for them. */
  webhookIds: string[];
}

/** Whether a refunded origin no longer counts as a purchase at all: refunded in full. */
export function refundedInFull(origin: Pick<OriginRow, 'refunded_at' | 'refunded_amount' | 'subtotal'>): boolean {
  if (!origin.refunded_at) return false;
  return (origin.refunded_amount ?? 0) >= (origin.subtotal ?? 0);
}

/**
 * Whether what is left of a refunded origin no longer earns its referral: refunded in full, or
 * a partial refund leaving less than the site's referral_closed_by.minimum_subtotal.
 */
export function refundUndoesReferral(site: Site, origin: Pick<OriginRow, 'refunded_at' | 'refunded_amount' | 'subtotal'>): boolean {
  if (refundedInFull(origin)) return true;
  if (!origin.refunded_at) return false;
  const minimum = site.referral_closed_by?.origin === 'Purchase' ? site.referral_closed_by.minimum_subtotal : undefined;
  const remaining = (origin.subtotal ?? 0) - (origin.refunded_amount ?? 0);
  return minimum !== undefined && remaining < minimum;
}

/**
 * Marks an origin refunded (Talkable's POST /origins/:origin_slug/refund), and undoes what it
 * earned, in one transaction: the friend's referral, if not decided yet, is voided (no rewards);
 * if already approved, the advocate's reward is reversed (a Reward web hook with reversed_at) and
 * its coupon, if unused, revoked. A partial refund that leaves the referral standing reduces an
 * approved percentage reward in proportion (a Reward web hook, reward.reduced). Each change
 * goes into the referral's history with the cause "refund:<reason>". A refund racing an approval
 * ends as one of the two orders: the conditional status update makes the loser see the winner.
 * A second refund of the same origin changes nothing. Refuses a refunded amount above the subtotal.
 */
export async function recordRefund(db: Kysely<Database>, site: Site, originId: string, input: RefundInput, now = new Date()): Promise<RecordedRefund> {
  const at = now.toISOString();
  return writeTransaction(db, async (trx) => {
    const current = await findOrigin(trx, originId);
    if (!current || current.site_id !== site.id) throw new Error(`origin ${originId} is not on site ${site.site_slug}`);
    if (current.refunded_at) return { origin: current, changed: false, referral: await findReferralByFriendOrigin(trx, current.id), webhookIds: [] };
    const subtotal = current.subtotal ?? 0;
    if (input.refundedAmount !== null && input.refundedAmount > subtotal) {
      throw new Refusal({ code: 'refund_exceeds_subtotal', kind: 'invalid', field: 'data.refunded_amount', detail: `must not exceed the subtotal (${subtotal})` });
    }
    const refund = { refunded_at: input.refundedAt ?? at, refunded_amount: input.refundedAmount ?? subtotal, refund_reason: input.reason };
    if (!(await markOriginRefunded(trx, current.id, refund))) {
      // Another refund of the same origin won: answer what it stored.
      const stored = (await findOrigin(trx, current.id))!;
      return { origin: stored, changed: false, referral: await findReferralByFriendOrigin(trx, stored.id), webhookIds: [] };
    }
    const origin: OriginRow = { ...current, ...refund };
    const referral = await findReferralByFriendOrigin(trx, origin.id);
    if (!referral) return { origin, changed: true, referral, webhookIds: [] };
    // What the refund leaves is judged by the rules of the referral's campaign.
    const campaignSite = await referralCampaignSettings(trx, site, referral);
    if (!refundUndoesReferral(campaignSite, origin)) return { origin, changed: true, ...(await reducePercentageReward(trx, campaignSite, referral, origin, `refund:${input.reason}`, at)) };
    const undone = await undoReferral(trx, campaignSite, referral, `refund:${input.reason}`, at);
    return { origin, changed: true, ...undone };
  });
}

/** Voids an undecided referral, or reverses the advocate's reward of an approved one; answers the referral as it now stands and the web hooks written. */
async function undoReferral(
  trx: Kysely<Database>,
  site: Site,
  referral: ReferralRow,
  cause: string,
  at: string,
): Promise<{ referral: ReferralRow; webhookIds: string[] }> {
  let current = referral;
  if (current.status !== 'approved') {
    const voided = await voidUndecidedReferral(trx, site, current, { cause, voidedReason: 'refunded' }, new Date(at));
    if (voided) return voided;
    // An approval (or a person) moved it first: see what it is now.
    current = (await findReferral(trx, current.id))!;
  }
  if (current.status !== 'approved') return { referral: current, webhookIds: [] };
  const reversed = await reverseAdvocateReward(trx, current.id, cause, at);
  if (reversed) {
    if (reversed.coupon_code && !(await couponCodeRedeemed(trx, site.id, reversed.coupon_code))) await revokeRewardCoupon(trx, reversed.id, at);
    await recordStatusChange(trx, current.id, 'approved', 'approved', `${cause}:reward_reversed`, at);
    return { referral: current, webhookIds: await enqueueRewardWebhooks(trx, site, current, (reward) => reward.id === reversed.id, new Date(at)) };
  }
  return { referral: current, webhookIds: [] };
}

/**
 * After a partial refund that leaves the referral standing: an approved reward that is a
 * percentage of this purchase, the advocate's or the friend's, becomes that percentage of what is
 * left (same rounding and cap as when it was issued), with the amount before and after kept on
 * the reward, a history row ("refund:<reason>:reward_reduced", "…:friend_reward_reduced") and the
 * Reward web hook again as reward.reduced. A coupon's code was made for its amount and cannot
 * shrink: the code and amount stay, the reduction is recorded as not applied
 * ("…:not_applied_to_coupon"). Before approval there is nothing to reduce: the approval computes
 * the amount from what is left. The lock orders this with an approval reading the purchase, so
 * neither misses the other.
 */
async function reducePercentageReward(
  trx: Kysely<Database>,
  site: Site,
  referral: ReferralRow,
  origin: OriginRow,
  cause: string,
  at: string,
): Promise<{ referral: ReferralRow; webhookIds: string[] }> {
  await lockKey(trx, rewardAmountLock(referral.id));
  const current = (await findReferral(trx, referral.id))!;
  if (current.status !== 'approved') return { referral: current, webhookIds: [] };
  const reducedIds = new Set<string>();
  for (const reward of await rewardsOfReferrals(trx, [current.id])) {
    if (reward.reversed_at || reward.reduced_at || reward.percent == null || reward.amount === null) continue;
    const reducedAmount = percentageAmount({ percent: reward.percent, maximumAmount: reward.maximum_amount ?? null }, origin.subtotal ?? 0, origin.refunded_amount ?? 0);
    // Under a cap the refund may leave the amount as it was: nothing changed, nothing to say.
    if (reducedAmount >= reward.amount) continue;
    const applied = reward.incentive !== 'discount_coupon';
    const reduced = await recordRewardReduction(trx, reward, {
      amount: applied ? reducedAmount : reward.amount,
      original_amount: reward.amount,
      reduced_amount: reducedAmount,
      reduced_at: at,
      reduced_reason: cause,
    });
    if (!reduced) continue;
    reducedIds.add(reduced.id);
    const what = reward.side === 'friend' ? 'friend_reward_reduced' : 'reward_reduced';
    await recordStatusChange(trx, current.id, 'approved', 'approved', applied ? `${cause}:${what}` : `${cause}:${what}:not_applied_to_coupon`, at);
  }
  if (reducedIds.size === 0) return { referral: current, webhookIds: [] };
  return { referral: current, webhookIds: await enqueueRewardWebhooks(trx, site, current, (candidate) => reducedIds.has(candidate.id), new Date(at)) };
}
