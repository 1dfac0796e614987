import type { Kysely } from 'kysely';
import type { CouponRequestRow, Database, RewardSide } from './tables';

/** Writes coupon requests; call it in the transaction that writes their Create Coupon web hooks. */
export async function insertCouponRequests(db: Kysely<Database>, rows: readonly CouponRequestRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('coupon_requests').values([...rows]).execute();
}

/** A coupon request by id. */
export async function findCouponRequest(db: Kysely<Database>, id: string): Promise<CouponRequestRow | undefined> {
  return db.selectFrom('coupon_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * How many of a pool's requested codes may still arrive: not added yet, with a Create Coupon web
 * hook still being tried. Requests whose web hooks failed for good no longer count, so the next
 * take asks again.
 */
export async function countAwaitedCoupons(db: Kysely<Database>, siteId: string, kind: RewardSide): Promise<number> {
  const row = await db
    .selectFrom('coupon_requests')
    .select(db.fn.countAll<string | number>().as('count'))
    .where('site_id', '=', siteId)
    .where('kind', '=', kind)
    .where('added_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('outbox_messages')
          .select('outbox_messages.id')
          .whereRef('outbox_messages.subject_id', '=', 'coupon_requests.id')
          .where('outbox_messages.event_type', '=', 'coupon.create')
          .where('outbox_messages.status', '=', 'pending'),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Records the code a request put in the pool; false when an earlier delivery already did (nothing changes). */
export async function markCouponRequestAdded(db: Kysely<Database>, id: string, code: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('coupon_requests')
    .set({ added_code: code, added_at: at })
    .where('id', '=', id)
    .where('added_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
