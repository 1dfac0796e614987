import type { Kysely } from 'kysely';
import type { Database } from './tables';

/** Most visitor uuids looked at per advocate: far more than one person's browsers, few enough to stay cheap. */
const VISITOR_UUIDS_CHECKED = 200;

/** The visitor uuids a person's origins carried (their browsers), newest first, at most a few hundred. */
export async function visitorUuidsOfPerson(db: Kysely<Database>, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('origins')
    .select('visitor_uuid')
    .distinct()
    .where('person_id', '=', personId)
    .where('visitor_uuid', 'is not', null)
    .limit(VISITOR_UUIDS_CHECKED)
    .execute();
  return rows.map((row) => row.visitor_uuid!);
}

/**
 * How many referrals of this advocate were made from `since` up to `until` (for the velocity
 * signals): bounded on both sides, so a replay over history counts as of each referral's time.
 */
export async function countAdvocateReferralsSince(db: Kysely<Database>, advocatePersonId: string, since: string, until: string): Promise<number> {
  const row = await db
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('advocate_person_id', '=', advocatePersonId)
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** How many clicks the offer's links had from `since` up to `until` (Talkable's max_clicks_per_link_per_hour). */
export async function countOfferClaimsSince(db: Kysely<Database>, offerId: string, since: string, until: string): Promise<number> {
  const row = await db
    .selectFrom('claims')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('offer_id', '=', offerId)
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
