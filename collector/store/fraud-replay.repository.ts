import type { Kysely } from 'kysely';
import type { RecordPosition } from './referral-record.repository';
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
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '>', after.created_at), eb.and([eb('created_at', '=', after.created_at), eb('id', '>', after.id)])]),
    );
  }
  return query.execute();
}
