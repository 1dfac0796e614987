import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { Database, OfferRow, OriginRow, PersonRow, ReferralRow, ReferralStatus, ReferralStatusChangeRow, RewardRow } from './tables';

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

/** Appends to a referral's status history; `by` names the console user who made the change, with their note. */
export async function recordStatusChange(
  db: Kysely<Database>,
  referralId: string,
  from: ReferralStatus | null,
  to: ReferralStatus,
  cause: string,
  now: string,
  by?: { email: string; note: string | null },
): Promise<void> {
  await db
    .insertInto('referral_status_changes')
    .values({
      id: newId(),
      referral_id: referralId,
      from_status: from,
      to_status: to,
      cause,
      created_at: now,
      ...(by ? { actor_email: by.email, note: by.note } : {}),
    })
    .execute();
}

/** The referral a friend's origin closed, if any. */
export async function findReferralByFriendOrigin(db: Kysely<Database>, originId: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('friend_origin_id', '=', originId).executeTakeFirst();
}

/** The friend's referral on the site, if any (a friend is referred once). */
export async function findReferralOfFriend(db: Kysely<Database>, siteId: string, friendPersonId: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('site_id', '=', siteId).where('friend_person_id', '=', friendPersonId).executeTakeFirst();
}

/**
 * Decides an undecided referral again, in place: every field of `next` (same id) replaces the
 * stored one, if the referral is still in the status it was read in; the change goes into its
 * history with the cause. Answers the stored referral, or undefined when another request moved it first.
 */
export async function redecideReferral(db: Kysely<Database>, current: ReferralRow, next: ReferralRow, cause: string, at: string): Promise<ReferralRow | undefined> {
  const { id, created_at, ...fields } = next;
  const result = await db.updateTable('referrals').set(fields).where('id', '=', current.id).where('status', '=', current.status).executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  await recordStatusChange(db, current.id, current.status, next.status, cause, at);
  return { ...next, id: current.id, created_at: current.created_at };
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

/** A referral with everything its web hook and its listing show. */
export interface ReferralDetails {
  referral: ReferralRow;
  advocateOffer: OfferRow;
  advocateOrigin: OriginRow;
  advocate: PersonRow;
  /** Null for a click or share threshold, or a record whose order the shop has not reported yet. */
  friendOrigin: OriginRow | null;
  /** Null for a click or share threshold. */
  friend: PersonRow | null;
  rewards: RewardRow[];
}

/** Loads a referral with its people, origins, advocate offer and rewards. */
export async function loadReferralDetails(db: Kysely<Database>, referral: ReferralRow): Promise<ReferralDetails> {
  const advocateOffer = await db.selectFrom('offers').selectAll().where('id', '=', referral.advocate_offer_id).executeTakeFirstOrThrow();
  const origins = await db
    .selectFrom('origins')
    .selectAll()
    .where('id', 'in', [advocateOffer.origin_id, referral.friend_origin_id ?? advocateOffer.origin_id])
    .execute();
  const people = await db
    .selectFrom('people')
    .selectAll()
    .where('id', 'in', [referral.advocate_person_id, referral.friend_person_id ?? referral.advocate_person_id])
    .execute();
  const rewards = await db.selectFrom('rewards').selectAll().where('referral_id', '=', referral.id).orderBy('id').execute();
  const pick = <T extends { id: string }>(rows: T[], id: string): T => {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) throw new Error(`referral ${referral.id} refers to a missing row ${id}`);
    return row;
  };
  return {
    referral,
    advocateOffer,
    advocateOrigin: pick(origins, advocateOffer.origin_id),
    advocate: pick(people, referral.advocate_person_id),
    friendOrigin: referral.friend_origin_id ? pick(origins, referral.friend_origin_id) : null,
    friend: referral.friend_person_id ? pick(people, referral.friend_person_id) : null,
    rewards,
  };
}

/**
 * Loads many referrals' details in four queries, whatever their number (a page of the review
 * queue), instead of four per referral.
 */
export async function loadReferralDetailsOfPage(db: Kysely<Database>, referrals: readonly ReferralRow[]): Promise<ReferralDetails[]> {
  if (referrals.length === 0) return [];
  const offers = await db.selectFrom('offers').selectAll().where('id', 'in', [...new Set(referrals.map((referral) => referral.advocate_offer_id))]).execute();
  const offerById = new Map(offers.map((offer) => [offer.id, offer]));
  const originIds = new Set<string>([...offers.map((offer) => offer.origin_id), ...referrals.flatMap((referral) => (referral.friend_origin_id ? [referral.friend_origin_id] : []))]);
  const personIds = new Set<string>(referrals.flatMap((referral) => [referral.advocate_person_id, ...(referral.friend_person_id ? [referral.friend_person_id] : [])]));
  const origins = new Map((await db.selectFrom('origins').selectAll().where('id', 'in', [...originIds]).execute()).map((origin) => [origin.id, origin]));
  const people = new Map((await db.selectFrom('people').selectAll().where('id', 'in', [...personIds]).execute()).map((person) => [person.id, person]));
  const rewards = await db.selectFrom('rewards').selectAll().where('referral_id', 'in', referrals.map((referral) => referral.id)).orderBy('id').execute();
  const found = <T>(map: Map<string, T>, id: string, referral: ReferralRow): T => {
    const row = map.get(id);
    if (!row) throw new Error(`referral ${referral.id} refers to a missing row ${id}`);
    return row;
  };
  return referrals.map((referral) => {
    const advocateOffer = found(offerById, referral.advocate_offer_id, referral);
    return {
      referral,
      advocateOffer,
      advocateOrigin: found(origins, advocateOffer.origin_id, referral),
      advocate: found(people, referral.advocate_person_id, referral),
      friendOrigin: referral.friend_origin_id ? found(origins, referral.friend_origin_id, referral) : null,
      friend: referral.friend_person_id ? found(people, referral.friend_person_id, referral) : null,
      rewards: rewards.filter((reward) => reward.referral_id === referral.id),
    };
  });
}

/** A referral by id. */
export async function findReferral(db: Kysely<Database>, id: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A site's referral closed by the origin with this idempotency key ("Purchase:<order>", "Event:<category>:<number>"). */
export async function findReferralByOriginKey(db: Kysely<Database>, siteId: string, originKey: string): Promise<{ originFound: boolean; referral: ReferralRow | undefined }> {
  const origin = await db
    .selectFrom('origins')
    .select('id')
    .where('site_id', '=', siteId)
    .where('idempotency_key', '=', originKey)
    .executeTakeFirst();
  if (!origin) return { originFound: false, referral: undefined };
  return { originFound: true, referral: await findReferralByFriendOrigin(db, origin.id) };
}

/**
 * Moves a referral from `from` to `to` only if it is still in `from`; answers whether it did.
 * Two instances (or the scheduler and an API call) racing for the same referral: one wins.
 */
export async function updateReferralStatusIf(
  db: Kysely<Database>,
  id: string,
  from: ReferralStatus,
  changes: Pick<ReferralRow, 'status' | 'approve_after' | 'updated_at'> & Partial<Pick<ReferralRow, 'advocate_reward_withheld_reason' | 'voided_reason'>>,
): Promise<boolean> {
  const result = await db.updateTable('referrals').set(changes).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records why a referral's advocate reward was withheld at its approval (a limit, not qualified). */
export async function setAdvocateRewardWithheld(db: Kysely<Database>, id: string, reason: string): Promise<void> {
  await db.updateTable('referrals').set({ advocate_reward_withheld_reason: reason }).where('id', '=', id).execute();
}

/** Records why a referral's friend reward was withheld at its approval (a percentage of a purchase with no vouched-for subtotal). */
export async function setFriendRewardWithheld(db: Kysely<Database>, id: string, reason: string): Promise<void> {
  await db.updateTable('referrals').set({ friend_reward_withheld_reason: reason }).where('id', '=', id).execute();
}

/** Referrals of auto-approving sites, in one of `statuses`, whose cooling period is over; oldest first. */
export async function findDueReferrals(
  db: Kysely<Database>,
  filter: { siteIds: readonly string[]; statuses: readonly ReferralStatus[]; now: string; limit: number },
): Promise<ReferralRow[]> {
  const { siteIds, statuses, now, limit } = filter;
  if (siteIds.length === 0) return [];
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('approve_after', '<=', now)
    .where('status', 'in', statuses)
    .where('site_id', 'in', siteIds)
    .orderBy('approve_after')
    .limit(limit)
    .execute();
}

/** The status history of some referrals, oldest first. */
export async function statusChangesOf(db: Kysely<Database>, referralIds: readonly string[]): Promise<ReferralStatusChangeRow[]> {
  if (referralIds.length === 0) return [];
  return db
    .selectFrom('referral_status_changes')
    .selectAll()
    .where('referral_id', 'in', referralIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A site's referrals, newest first, paged by id (ids are time-ordered). */
export async function listReferrals(
  db: Kysely<Database>,
  filter: { siteId: string; status?: ReferralStatus | undefined; before?: string | undefined; limit: number },
): Promise<ReferralRow[]> {
  let query = db.selectFrom('referrals').selectAll().where('site_id', '=', filter.siteId).orderBy('id', 'desc').limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.before) query = query.where('id', '<', filter.before);
  return query.execute();
}

/**
 * How many referrals a person made as advocate: in all, approved, and still undecided (pending,
 * flagged or unblocked). Read from the running advocate_totals row (kept by triggers in each
 * referral's own transaction), one row whatever the count: counting the referrals themselves
 * grew with a popular advocate, and every web hook about them asks. Flagged referrals have no
 * column of their own there; they are what remains of the total after the other statuses.
 */
export async function countReferralsOfAdvocate(db: Kysely<Database>, person: { id: string; site_id: string }): Promise<{ total: number; approved: number; pending: number }> {
  const row = await db
    .selectFrom('advocate_totals')
    .select(['referrals', 'approved', 'voided', 'blocked'])
    .where('site_id', '=', person.site_id)
    .where('person_id', '=', person.id)
    .executeTakeFirst();
  if (!row) return { total: 0, approved: 0, pending: 0 };
  const [total, approved, voided, blocked] = [row.referrals, row.approved, row.voided, row.blocked].map(Number) as [number, number, number, number];
  return { total, approved, pending: total - approved - voided - blocked };
}

/**
 * A site's referrals in some statuses, oldest first, paged by id (the review queue). One query
 * per status, each reading its first page straight off the (site, status, id) index, merged
 * here: `status in (…) order by id` made the store sort every match first (tens of thousands of
 * pending referrals on a large store) to answer fifty.
 */
export async function listReferralsInStatus(
  db: Kysely<Database>,
  filter: { siteId: string; statuses: readonly ReferralStatus[]; after?: string | undefined; limit: number },
): Promise<ReferralRow[]> {
  const pages = await Promise.all(
    filter.statuses.map((status) => {
      let query = db.selectFrom('referrals').selectAll().where('site_id', '=', filter.siteId).where('status', '=', status).orderBy('id').limit(filter.limit);
      if (filter.after) query = query.where('id', '>', filter.after);
      return query.execute();
    }),
  );
  return pages
    .flat()
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, filter.limit);
}

/** Flagged referrals of these sites whose review deadline (flagged_until) is at or before `now`, soonest first. */
export async function findDueFlaggedReferrals(db: Kysely<Database>, filter: { siteIds: readonly string[]; now: string; limit: number }): Promise<ReferralRow[]> {
  if (filter.siteIds.length === 0) return [];
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('status', '=', 'flagged')
    .where('flagged_until', '<=', filter.now)
    .where('site_id', 'in', filter.siteIds)
    .orderBy('flagged_until')
    .limit(filter.limit)
    .execute();
}
