import type { Kysely } from 'kysely';
import type { Database, ShopCouponRow } from './tables';

/** Writes a code the shop is to create, pending; call it in the transaction that writes its outbox message. */
export async function insertShopCoupon(db: Kysely<Database>, row: ShopCouponRow): Promise<void> {
  await db.insertInto('shop_coupons').values(row).execute();
}

/** A shop coupon by id. */
export async function findShopCoupon(db: Kysely<Database>, id: string): Promise<ShopCouponRow | undefined> {
  return db.selectFrom('shop_coupons').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The shop coupon of a code on a site, if Vouch asked the shop to create it. */
export async function findShopCouponByCode(db: Kysely<Database>, siteId: string, code: string): Promise<ShopCouponRow | undefined> {
  return db.selectFrom('shop_coupons').selectAll().where('site_id', '=', siteId).where('code', '=', code).executeTakeFirst();
}

/** Marks a code created in the shop; false when it already was (a redelivery), so its effects run once. */
export async function markShopCouponReady(db: Kysely<Database>, id: string, shopReference: string | null, at: string): Promise<boolean> {
  const result = await db
    .updateTable('shop_coupons')
    .set({ status: 'ready', shop_reference: shopReference, ready_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending_in_shop')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
