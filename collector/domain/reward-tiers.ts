import type { Kysely } from 'kysely';
import type { Reward, RewardTier, TierPeriod } from '../config/site-config.schema';
import { lockKey } from '../store/row-locks';
import { countRewardedReferralsOfAdvocate } from '../store/reward.repository';
import type { OfferScope } from '../store/offer-scope';
import type { Database } from '../store/tables';

/** The tier an advocate's reward falls in: which rewarded referral it is in the period, and the tier, if one covers it. */
export interface TierPlacement {
  /** 1 for the advocate's first rewarded referral in the period. */
  position: number;
  tier: RewardTier | null;
}

/** The tier that covers the Nth rewarded referral, if any: tiers are in order and do not overlap. */
export function tierFor(tiers: readonly RewardTier[], position: number): RewardTier | null {
  return tiers.find((tier) => tier.from <= position && (tier.to === undefined || position <= tier.to)) ?? null;
}

/** The first instant of `now`'s month: calendar months in UTC, what a merchant's "per month" means on an invoice. */
export function monthStartInUtc(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

/** The first instant of the period `now` is in (UTC, as the per-month limit counts), or null for all time. */
export function tierPeriodStart(period: TierPeriod, now: Date): string | null {
  switch (period) {
    case 'all_time':
      return null;
    case 'calendar_month':
      return monthStartInUtc(now);
    case 'calendar_year':
      return new Date(Date.UTC(now.getUTCFullYear(), 0, 1)).toISOString();
  }
}

/**
 * The reward with a tier's terms in place of its own: the tier's amount, or its percent and cap,
 * and its words; the incentive and the code's rules stay the reward's.
 */
export function withTier(reward: Reward, tier: RewardTier | null): Reward {
  if (!tier) return reward;
  const { percent: _percent, maximum_amount: _maximum, amount: _amount, ...rest } = reward;
  return {
    ...rest,
    ...(tier.percent !== undefined ? { percent: tier.percent, ...(tier.maximum_amount !== undefined ? { maximum_amount: tier.maximum_amount } : {}) } : { amount: tier.amount ?? null }),
    incentive_description: tier.incentive_description,
  };
}

/**
 * Where the advocate's reward being issued now falls among their rewarded referrals of this
 * campaign (the offers of `scope`: the campaign's own when the tiers are, else those of every
 * campaign on the site's) in the tier period, inside the approval's transaction. Counted then written under the
 * advocate's lock (the one the per-advocate limits take), so two approvals at once count in turn
 * and never both get the fifth referral's tier. A reward taken back (its purchase refunded) no
 * longer counts: that referral ended up unrewarded.
 */
export async function placeInTier(db: Kysely<Database>, siteId: string, advocatePersonId: string, reward: Reward, now: Date, scope: OfferScope): Promise<TierPlacement | null> {
  if (!reward.tiers) return null;
  await lockKey(db, advocateRewardsLock(advocatePersonId));
  const since = tierPeriodStart(reward.tier_period ?? 'all_time', now);
  const position = (await countRewardedReferralsOfAdvocate(db, siteId, advocatePersonId, since, scope)) + 1;
  return { position, tier: tierFor(reward.tiers, position) };
}

/** The lock under which an advocate's rewards are counted and written (limits, tiers). */
export function advocateRewardsLock(advocatePersonId: string): string {
  return `rewards:advocate:${advocatePersonId}`;
}
