import type { Kysely } from 'kysely';
import { offerInScope, type OfferScope } from './offer-scope';
import type { Database, RewardRow } from './tables';

/** Inserts a reward unless the referral already has one for that side; answers whether it did. */
export async function insertRewardOnce(db: Kysely<Database>, row: RewardRow): Promise<boolean> {
  const inserted = await db
    .insertInto('rewards')
    .values(row)
    .onConflict((oc) => oc.columns(['referral_id', 'side']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** How many advocate rewards the person has received, optionally only since a time. */
export async function countAdvocateRewards(db: Kysely<Database>, personId: string, since: string | null): Promise<number> {
  let query = db
    .selectFrom('rewards')
    .select(db.fn.countAll<string | number>().as('count'))
    .where('person_id', '=', personId)
    .where('side', '=', 'advocate');
  if (since) query = query.where('created_at', '>=', since);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * How many advocate rewards of one site the person holds, not taken back, through offers of
 * `scope` (one campaign's, or those on the site's own tiers), optionally only those issued since a
 * time: the count an advocate's reward tiers go by.
 */
export async function countRewardedReferralsOfAdvocate(db: Kysely<Database>, siteId: string, personId: string, since: string | null, scope: OfferScope): Promise<number> {
  let query = db
    .selectFrom('rewards as r')
    .innerJoin('referrals as ref', 'ref.id', 'r.referral_id')
    .innerJoin('offers as o', 'o.id', 'ref.advocate_offer_id')
    .select(db.fn.countAll<string | number>().as('count'))
    .where('r.site_id', '=', siteId)
    .where('r.person_id', '=', personId)
    .where('r.side', '=', 'advocate')
    .where('r.reversed_at', 'is', null)
    .where(offerInScope('o.campaign_id', scope));
  if (since) query = query.where('r.created_at', '>=', since);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The rewards of some referrals, oldest first. */
export async function rewardsOfReferrals(db: Kysely<Database>, referralIds: readonly string[]): Promise<RewardRow[]> {
  if (referralIds.length === 0) return [];
  return db.selectFrom('rewards').selectAll().where('referral_id', 'in', referralIds).orderBy('created_at').orderBy('id').execute();
}

/**
 * Takes back a referral's advocate reward, unless it was already taken back; answers the reward
 * as it now stands, or undefined when there was none to take back (withheld by a limit, or reversed before).
 */
export async function reverseAdvocateReward(db: Kysely<Database>, referralId: string, reason: string, at: string): Promise<RewardRow | undefined> {
  const reward = await db.selectFrom('rewards').selectAll().where('referral_id', '=', referralId).where('side', '=', 'advocate').executeTakeFirst();
  if (!reward || reward.reversed_at) return undefined;
  const result = await db
    .updateTable('rewards')
    .set({ reversed_at: at, reversed_reason: reason })
    .where('id', '=', reward.id)
    .where('reversed_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  return { ...reward, reversed_at: at, reversed_reason: reason };
}

/** A referral's advocate reward, if it has one. */
export async function findAdvocateReward(db: Kysely<Database>, referralId: string): Promise<RewardRow | undefined> {
  return db.selectFrom('rewards').selectAll().where('referral_id', '=', referralId).where('side', '=', 'advocate').executeTakeFirst();
}

/** What a partial refund did to a percentage reward: its amount now, the one before, the one computed. */
export type RewardReduction = Required<Pick<RewardRow, 'amount' | 'original_amount' | 'reduced_amount' | 'reduced_at' | 'reduced_reason'>>;

/**
 * Writes a reduction of a reward unless it was reduced or taken back already; answers the reward
 * as it now stands, or undefined when another change came first.
 */
export async function recordRewardReduction(db: Kysely<Database>, reward: RewardRow, reduction: RewardReduction): Promise<RewardRow | undefined> {
  const result = await db
    .updateTable('rewards')
    .set(reduction)
    .where('id', '=', reward.id)
    .where('reduced_at', 'is', null)
    .where('reversed_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  return { ...reward, ...reduction };
}

/** Notes that a reward's coupon no longer counts as usable. */
export async function revokeRewardCoupon(db: Kysely<Database>, rewardId: string, at: string): Promise<void> {
  await db.updateTable('rewards').set({ coupon_revoked_at: at }).where('id', '=', rewardId).execute();
}

/** The oldest reward of one side that was issued without its coupon because the pool was empty, still standing. */
export async function oldestRewardAwaitingCoupon(db: Kysely<Database>, siteId: string, side: RewardRow['side']): Promise<RewardRow | undefined> {
  return db
    .selectFrom('rewards')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('side', '=', side)
    .where('incentive', '=', 'discount_coupon')
    .where('coupon_code', 'is', null)
    .where('coupon_problem', '=', 'coupon_pool_empty')
    .where('reversed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Gives a reward that has no coupon its code (ending at `expiresAt`, or never); false when another delivery gave it one first. */
export async function giveRewardCoupon(db: Kysely<Database>, rewardId: string, code: string, expiresAt: string | null = null): Promise<boolean> {
  const result = await db
    .updateTable('rewards')
    .set({ coupon_code: code, coupon_problem: null, coupon_expires_at: expiresAt })
    .where('id', '=', rewardId)
    .where('coupon_code', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A reward by id. */
export async function findReward(db: Kysely<Database>, id: string): Promise<RewardRow | undefined> {
  return db.selectFrom('rewards').selectAll().where('id', '=', id).executeTakeFirst();
}
