import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { CouponCodeRow, Database, RewardSide } from './tables';

/** How many tries a contended pool gets before it is reported empty. */
const MAX_TAKE_TRIES = 5;

/** Adds codes to a site's pool; codes already known to the site (in any pool) are skipped. */
export async function addPoolCodes(
  db: Kysely<Database>,
  siteId: string,
  kind: RewardSide,
  codes: readonly string[],
  now: string,
): Promise<{ added: number; skipped: number }> {
  const distinct = [...new Set(codes)];
  let added = 0;
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let start = 0; start < distinct.length; start += 500) {
    const rows = distinct.slice(start, start + 500).map((code) => ({
      id: newId(),
      site_id: siteId,
      kind,
      code,
      reward_id: null,
      offer_id: null,
      used_at: null,
      created_at: now,
    }));
    const inserted = await db
      .insertInto('coupon_codes')
      .values(rows)
      .onConflict((oc) => oc.columns(['site_id', 'code']).doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  return { added, skipped: codes.length - added };
}

/**
 * Takes the next unused code of the pool (oldest load first, then alphabetical), or returns null when the pool is empty. The
 * conditional update makes two concurrent takers never get the same code on either store: the
 * loser updates no row and tries the next code. Link it to its reward or offer with linkPoolCode.
 */
export async function takePoolCode(db: Kysely<Database>, siteId: string, kind: RewardSide, now: string): Promise<string | null> {
  for (let attempt = 0; attempt < MAX_TAKE_TRIES; attempt++) {
    const candidate = await db
      .selectFrom('coupon_codes')
      .select(['id', 'code'])
      .where('site_id', '=', siteId)
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      // Oldest load first; within one load, alphabetical, which is the order merchants number codes in.
      .orderBy('created_at')
      .orderBy('code')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return null;
    const result = await db
      .updateTable('coupon_codes')
      .set({ used_at: now })
      .where('id', '=', candidate.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return candidate.code;
  }
  return null;
}

/** Notes which reward or offer a taken code went to (once that row exists: the columns are foreign keys). */
export async function linkPoolCode(
  db: Kysely<Database>,
  siteId: string,
  code: string,
  usedBy: { reward_id: string } | { offer_id: string },
): Promise<void> {
  await db.updateTable('coupon_codes').set(usedBy).where('site_id', '=', siteId).where('code', '=', code).execute();
}

/** How many unused codes each pool of the site holds. */
export async function poolSizes(db: Kysely<Database>, siteId: string): Promise<Record<RewardSide, number>> {
  const rows = await db
    .selectFrom('coupon_codes')
    .select(['kind', db.fn.countAll<string | number>().as('count')])
    .where('site_id', '=', siteId)
    .where('used_at', 'is', null)
    .groupBy('kind')
    .execute();
  const sizes: Record<RewardSide, number> = { advocate: 0, friend: 0 };
  for (const row of rows) sizes[row.kind] = Number(row.count);
  return sizes;
}

/** How many codes of one pool were handed out since `since`: the recent use the top-up rule sizes the pool by. */
export async function countCodesUsedSince(db: Kysely<Database>, siteId: string, kind: RewardSide, since: string): Promise<number> {
  const row = await db
    .selectFrom('coupon_codes')
    .select(db.fn.countAll<string | number>().as('count'))
    .where('site_id', '=', siteId)
    .where('kind', '=', kind)
    .where('used_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one known code used by a reward or offer (a code that has only just entered the pool, so nobody else took it). */
export async function usePoolCode(
  db: Kysely<Database>,
  siteId: string,
  code: string,
  usedBy: { reward_id: string } | { offer_id: string },
  at: string,
): Promise<void> {
  await db.updateTable('coupon_codes').set({ ...usedBy, used_at: at }).where('site_id', '=', siteId).where('code', '=', code).execute();
}

/** Unused and used codes of each pool of the site: the console's pool levels. */
export async function poolLevels(db: Kysely<Database>, siteId: string): Promise<Record<RewardSide, { available: number; used: number }>> {
  const rows = await db
    .selectFrom('coupon_codes')
    .select(['kind', db.fn.count<string | number>('used_at').as('used'), db.fn.countAll<string | number>().as('total')])
    .where('site_id', '=', siteId)
    .groupBy('kind')
    .execute();
  const levels: Record<RewardSide, { available: number; used: number }> = { advocate: { available: 0, used: 0 }, friend: { available: 0, used: 0 } };
  for (const row of rows) levels[row.kind] = { available: Number(row.total) - Number(row.used), used: Number(row.used) };
  return levels;
}

/**
 * One pool's codes, used or unused, paged by id (newest load first), each with the day it stops
 * applying when it was handed out with an expiry (its offer's or reward's).
 */
export async function listPoolCodes(
  db: Kysely<Database>,
  filter: { siteId: string; kind: RewardSide; used: boolean; before?: string | undefined; limit: number },
): Promise<(Pick<CouponCodeRow, 'id' | 'code' | 'used_at' | 'created_at'> & { expires_at: string | null })[]> {
  let query = db
    .selectFrom('coupon_codes')
    .leftJoin('offers', 'offers.id', 'coupon_codes.offer_id')
    .leftJoin('rewards', 'rewards.id', 'coupon_codes.reward_id')
    .select(['coupon_codes.id', 'coupon_codes.code', 'coupon_codes.used_at', 'coupon_codes.created_at', 'offers.friend_coupon_expires_at', 'rewards.coupon_expires_at'])
    .where('coupon_codes.site_id', '=', filter.siteId)
    .where('coupon_codes.kind', '=', filter.kind)
    .where('coupon_codes.used_at', filter.used ? 'is not' : 'is', null)
    .orderBy('coupon_codes.id', 'desc')
    .limit(filter.limit);
  if (filter.before) query = query.where('coupon_codes.id', '<', filter.before);
  const rows = await query.execute();
  return rows.map(({ friend_coupon_expires_at, coupon_expires_at, ...row }) => ({ ...row, expires_at: friend_coupon_expires_at ?? coupon_expires_at ?? null }));
}

/** A code of the site's pools (handed out or still waiting), by its code. */
export async function findPoolCode(db: Kysely<Database>, siteId: string, code: string): Promise<CouponCodeRow | undefined> {
  return db.selectFrom('coupon_codes').selectAll().where('site_id', '=', siteId).where('code', '=', code).executeTakeFirst();
}
