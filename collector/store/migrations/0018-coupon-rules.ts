import type { Kysely } from 'kysely';

/**
 * The coupon rules a checkout asks about (GET /api/v2/coupons/:code/permission/:email):
 * - when a code stops applying, fixed when it is issued (`expires_in_days` of the reward, counted
 *   from the offer or reward that got it), so a later change of the configuration does not move
 *   the end of a code already given out: `offers.friend_coupon_expires_at`, `rewards.coupon_expires_at`;
 * - when a friend coupon was used by a purchase the merchant's server reported, and which origin
 *   used it (`offers.friend_coupon_used_at`, `offers.friend_coupon_used_by`): a single-use code
 *   is refused after that, and a second purchase with it closes no referral of its own.
 * - an index of origins by coupon code: whether a reward's code was used is whether a purchase
 *   the merchant's server reported carries it.
 * Nullable columns added in place: no table is rebuilt, so SQLite's triggers stay as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offers').addColumn('friend_coupon_expires_at', 'text').execute();
  await db.schema.alterTable('offers').addColumn('friend_coupon_used_at', 'text').execute();
  await db.schema.alterTable('offers').addColumn('friend_coupon_used_by', 'text').execute();
  await db.schema.alterTable('rewards').addColumn('coupon_expires_at', 'text').execute();
  await db.schema.createIndex('origins_site_coupon_idx').on('origins').columns(['site_id', 'coupon_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('origins_site_coupon_idx').execute();
  await db.schema.alterTable('rewards').dropColumn('coupon_expires_at').execute();
  await db.schema.alterTable('offers').dropColumn('friend_coupon_used_by').execute();
  await db.schema.alterTable('offers').dropColumn('friend_coupon_used_at').execute();
  await db.schema.alterTable('offers').dropColumn('friend_coupon_expires_at').execute();
}
