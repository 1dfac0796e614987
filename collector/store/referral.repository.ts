import type { Kysely } from 'kysely';
import { newId } from '../domain/ids';
import type { Database, ReferralRow, ReferralStatus } from './tables';

/**
 * Inserts a referral and its first status change, unless the friend already has one on the
 * site (then nothing is written and undefined is returned).
 */
export async function insertReferralOnce(db: Kysely<Database>, row: ReferralRow, cause: string): Promise<ReferralRow | undefined> {
  const inserted = await db
    .insertInto('referrals')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return undefined;
  await recordStatusChange(db, row.id, null, row.status, cause, row.created_at);
  return row;
}

/** Appends to a referral's status history. */
export async function recordStatusChange(
  db: Kysely<Database>,
  referralId: string,
  from: ReferralStatus | null,
  to: ReferralStatus,
  cause: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('referral_status_changes')
    .values({ id: newId(), referral_id: referralId, from_status: from, to_status: to, cause, created_at: now })
    .execute();
}

/** The referral a friend's origin closed, if any. */
export async function findReferralByFriendOrigin(db: Kysely<Database>, originId: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('friend_origin_id', '=', originId).executeTakeFirst();
}

/** Whether the friend already has a referral on the site. */
export async function friendHasReferral(db: Kysely<Database>, siteId: string, friendPersonId: string): Promise<boolean> {
  const row = await db
    .selectFrom('referrals')
    .select('id')
    .where('site_id', '=', siteId)
    .where('friend_person_id', '=', friendPersonId)
    .executeTakeFirst();
  return row !== undefined;
}
