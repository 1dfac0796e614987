import type { Kysely } from 'kysely';
import { afterRecordPosition, type RecordPosition } from './record-position';
import type { Database, ReferralRow } from './tables';

/**
 * One page of a site's referrals the fraud rules decide (those with a friend: not a threshold or
 * a record awaiting its order), made at or after `since`, oldest first, after `after`: a keyset
 * page on (created_at, id), so a replay over a million referrals holds one page at a time and
 * never skips or repeats a referral made in the same millisecond as another.
 */
export async function pageDecidableReferrals(
  db: Kysely<Database>,
  filter: { siteId: string; since: string; after: RecordPosition | undefined; limit: number },
): Promise<ReferralRow[]> {
  let query = db
    .selectFrom('referrals')
    .selectAll()
    .where('site_id', '=', filter.siteId)
    .where('created_at', '>=', filter.since)
    .where('friend_origin_id', 'is not', null)
    .where('friend_person_id', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit);
  if (filter.after) query = query.where(afterRecordPosition(filter.after));
  return query.execute();
}
