import type { Kysely } from 'kysely';
import { lockKey } from '../store/row-locks';
import type { Reward, RewardSettings, Site } from '../config/site-config.schema';
import { tierScope } from '../config/campaign-offer-scopes';
import { campaignById, offerCampaignSettings } from '../config/site-campaigns';
import { linkPoolCode, takePoolCode } from '../store/coupon.repository';
import { findOfferById } from '../store/offer.repository';
import { findOrigin } from '../store/origin.repository';
import { countAdvocateRewards, insertRewardOnce } from '../store/reward.repository';
import type { Database, ReferralRow, RewardRow, RewardSide } from '../store/tables';
import { drawsFromPool } from './coupon-pool';
import { topUpCouponPool } from './coupon-top-up';
import { createsCodesInShop, PENDING_IN_SHOP, requestShopCoupon } from './shop-coupons';
import { newCouponCode, newId } from '../store/ids';
import { couponExpiresAt } from './coupon-rules';
import { percentageOfPurchase, type NoPurchaseAmount, type PercentageRule } from './percentage-reward';
import { advocateRewardsLock, monthStartInUtc, placeInTier, withTier, type TierPlacement } from './reward-tiers';

/** What issuing a referral's rewards did besides writing them. */
export interface IssuedRewards {
  /** Why the advocate got nothing (a limit), or null. */
  advocateWithheldReason: string | null;
  /** Why the friend got nothing (a percentage of a purchase nobody's server vouched for), or null. */
  friendWithheldReason: string | null;
  /** Conditions for the log (an empty coupon pool); none stops the approval. */
  problems: string[];
}

/**
 * Writes the advocate's and the friend's rewards of a referral being approved, inside the
 * approval's transaction, by the campaign's reward settings. The advocate's is withheld when a
 * per-advocate limit is reached (the friend still gets theirs: they did nothing wrong), and
 * follows the tier the advocate's rewarded referrals reached. Unique (referral, side) rows make a
 * second call a no-op.
 */
export async function issueRewards(db: Kysely<Database>, siteEntry: Site, referral: ReferralRow, now: Date): Promise<IssuedRewards> {
  const at = now.toISOString();
  const problems: string[] = [];
  const offer = await findOfferById(db, referral.advocate_offer_id);
  if (!offer) throw new Error(`referral ${referral.id} names offer ${referral.advocate_offer_id}, which does not exist`);
  // The rewards are those of the campaign that made the advocate's offer.
  const site = offerCampaignSettings(siteEntry, offer);
  const settings: RewardSettings = site;

  let friendWithheldReason: string | null = null;
  // A click or share threshold referred nobody, and a record may say the friend did not qualify: no friend reward then.
  if (referral.friend_person_id && referral.friend_origin_id && referral.incentive_qualified) {
    const computed = await rewardAmount(db, settings.friend_reward, referral, referral.incentive_amount, 'friend');
    if ('withheld' in computed) {
      friendWithheldReason = computed.withheld;
    } else {
      // The friend's coupon is the one the claim page showed them, not a second one.
      const friendCode = settings.friend_reward.incentive === 'discount_coupon' ? offer.friend_coupon_code : null;
      const friendReward = { ...settings.friend_reward, amount: computed.amount };
      // It is the offer's code, so it ends when the offer's code does.
      const friendRow = {
        ...rewardRow(site, settings, referral, 'friend', friendReward, referral.friend_person_id, referral.friend_origin_id, friendCode, null, at),
        ...percentageColumns(computed.rule),
        coupon_expires_at: friendCode ? (offer.friend_coupon_expires_at ?? null) : null,
      };
      await insertRewardOnce(db, friendRow);
    }
  }

  const advocateWithheldReason = referral.reward_qualified
    ? await limitReached(db, site, referral.advocate_person_id, now)
    : 'not_qualified: the referral record says is_qualified_for_reward = 0';
  if (advocateWithheldReason) return { advocateWithheldReason, friendWithheldReason, problems };

  // An amount a referral record set is the merchant's word for this referral: no tier overrides it.
  // The tiers count the rewarded referrals of the campaign whose tiers they are.
  const counted = tierScope(siteEntry, campaignById(siteEntry, offer.campaign_id));
  const placement = referral.reward_amount === null ? await placeInTier(db, site.id, referral.advocate_person_id, settings.advocate_reward, now, counted) : null;
  const tiered = withTier(settings.advocate_reward, placement?.tier ?? null);
  const computed = await rewardAmount(db, tiered, referral, referral.reward_amount, 'advocate');
  if ('withheld' in computed) return { advocateWithheldReason: computed.withheld, friendWithheldReason, problems };
  const reward = { ...tiered, amount: computed.amount };
  let code: string | null = null;
  let couponProblem: string | null = null;
  // A generated code the shop creates first: the reward takes it once the shop has it.
  const inShop = createsCodesInShop(site, 'advocate');
  if (inShop) {
    code = newCouponCode('REWARD');
    couponProblem = PENDING_IN_SHOP;
  } else if (reward.incentive === 'discount_coupon') {
    code = drawsFromPool(site, 'advocate') ? await takePoolCode(db, site.id, 'advocate', at) : newCouponCode('REWARD');
    // The take may have left the pool low (or found it empty): ask the shop for more, in this transaction.
    await topUpCouponPool(db, site, 'advocate', now);
    if (!code) {
      couponProblem = 'coupon_pool_empty';
      problems.push(`coupon_pool_empty: advocate pool; referral ${referral.id} was approved with a reward that has no code`);
    }
  }
  const row = {
    ...rewardRow(site, settings, referral, 'advocate', reward, referral.advocate_person_id, offer.origin_id, inShop ? null : code, couponProblem, at),
    ...percentageColumns(computed.rule),
    ...tierColumns(placement),
    coupon_expires_at: code ? couponExpiresAt(reward, now) : null,
  };
  const inserted = await insertRewardOnce(db, row);
  if (inserted && inShop && code) await requestShopCoupon(db, site, { side: 'advocate', reward, code, rewardId: row.id }, now);
  if (inserted && code && drawsFromPool(site, 'advocate')) await linkPoolCode(db, site.id, code, { reward_id: row.id });
  return { advocateWithheldReason: null, friendWithheldReason, problems };
}

/** Lock key that orders an approval's reading of the friend's purchase and a refund of it (see recordRefund). */
export function rewardAmountLock(referralId: string): string {
  return `reward-amount:${referralId}`;
}

/**
 * One side's amount: the one a referral record set, else the reward's fixed amount, else its
 * percent of what is left of the friend's purchase (subtotal less a partial refund already
 * reported), to the cent and capped. A referral whose friend made no purchase (an Event, or a
 * record whose order the shop has not reported) has nothing to take a percentage of, and a
 * subtotal only a browser reported is not a fact: the reward is then withheld with the reason,
 * rather than issued for an amount nobody vouched for.
 */
async function rewardAmount(
  db: Kysely<Database>,
  reward: Reward,
  referral: ReferralRow,
  recordAmount: number | null,
  side: RewardSide,
): Promise<{ amount: number | null; rule: PercentageRule | null } | { withheld: string }> {
  if (recordAmount !== null) return { amount: recordAmount, rule: null };
  if (reward.percent === undefined) return { amount: reward.amount ?? null, rule: null };
  const rule = { percent: reward.percent, maximumAmount: reward.maximum_amount ?? null };
  // A refund of the purchase reads the referral under the same lock: one of the two goes first, whole.
  await lockKey(db, rewardAmountLock(referral.id));
  const purchase = referral.friend_origin_id ? await findOrigin(db, referral.friend_origin_id) : undefined;
  const computed = percentageOfPurchase(rule, purchase);
  if ('missing' in computed) return { withheld: withheldWithoutPurchase(side, computed.missing) };
  return { amount: computed.amount, rule };
}

/** Why a side's percentage reward is withheld, as advocate_reward_withheld_reason / friend_reward_withheld_reason show it. */
function withheldWithoutPurchase(side: RewardSide, missing: NoPurchaseAmount): string {
  const whose = side === 'advocate' ? "the advocate's" : "the friend's";
  return missing === 'no_purchase'
    ? `no_purchase: ${whose} reward is a percentage of the friend's purchase, and this referral has no purchase subtotal`
    : `unverified_subtotal: ${whose} reward is a percentage of the friend's purchase, whose subtotal only a browser reported; report the order from your server before approving`;
}

/** A reward row's record of the tier it was issued under; nulls without tiers. */
function tierColumns(placement: TierPlacement | null): Pick<RewardRow, 'tier_from' | 'tier_position'> {
  return { tier_from: placement?.tier?.from ?? null, tier_position: placement?.position ?? null };
}

/** A reward row's record of how its amount was computed: the rule, or nulls for a fixed amount. */
function percentageColumns(rule: PercentageRule | null): Pick<RewardRow, 'percent' | 'maximum_amount'> {
  return { percent: rule?.percent ?? null, maximum_amount: rule?.maximumAmount ?? null };
}

/** The first per-advocate limit the approval would pass, as a reason, or null. */
async function limitReached(db: Kysely<Database>, site: Site, advocatePersonId: string, now: Date): Promise<string | null> {
  // Counted then written: on PostgreSQL two approvals for one advocate must count in turn.
  await lockKey(db, advocateRewardsLock(advocatePersonId));
  const { rewarded_referrals_per_advocate: total, rewarded_referrals_per_advocate_per_month: perMonth } = site.limits;
  // Counted only where a limit is set.
  const overall = total === undefined ? 0 : await countAdvocateRewards(db, advocatePersonId, null);
  const thisMonth = perMonth === undefined ? 0 : await countAdvocateRewards(db, advocatePersonId, monthStartInUtc(now));
  return advocateLimitReason(site.limits, { overall, thisMonth });
}

/** How many rewarded referrals an advocate already has: in all, and since the start of this month. */
export interface AdvocateRewardCounts {
  overall: number;
  thisMonth: number;
}

/**
 * The per-advocate limit that another reward would pass, as a reason, or null: the limit in all
 * first, then the one per month. A limit is reached when the advocate already has that many.
 */
export function advocateLimitReason(limits: Site['limits'], rewarded: AdvocateRewardCounts): string | null {
  const { rewarded_referrals_per_advocate: total, rewarded_referrals_per_advocate_per_month: perMonth } = limits;
  if (total !== undefined && rewarded.overall >= total) return `limit: rewarded_referrals_per_advocate (${total}) reached`;
  if (perMonth !== undefined && rewarded.thisMonth >= perMonth) return `limit: rewarded_referrals_per_advocate_per_month (${perMonth}) reached`;
  return null;
}

export { monthStartInUtc } from './reward-tiers';

function rewardRow(
  site: Site,
  settings: RewardSettings,
  referral: ReferralRow,
  side: RewardSide,
  reward: Reward,
  personId: string,
  originId: string,
  couponCode: string | null,
  couponProblem: string | null,
  at: string,
): RewardRow {
  return {
    id: newId(),
    site_id: site.id,
    referral_id: referral.id,
    side,
    person_id: personId,
    origin_id: originId,
    amount: reward.amount ?? null,
    incentive: reward.incentive,
    incentive_description: reward.incentive_description,
    coupon_code: couponCode,
    coupon_problem: couponProblem,
    currency: settings.currency,
    created_at: at,
  };
}
