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
 * The browsers (user agents) the given visitors clicked claim links with on this site: an
 * advocate's own clicks, on their link or another's, are the one place their browser is seen.
 */
export async function userAgentsOfVisitors(db: Kysely<Database>, siteId: string, visitorUuids: readonly string[]): Promise<string[]> {
  if (visitorUuids.length === 0) return [];
  const rows = await db
    .selectFrom('claims')
    .select('user_agent')
    .distinct()
    .where('site_id', '=', siteId)
    .where('visitor_uuid', 'in', visitorUuids)
    .where('user_agent', 'is not', null)
    .limit(VISITOR_UUIDS_CHECKED)
    .execute();
  return rows.map((row) => row.user_agent!);
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

/** Most rows looked at per question below: far more than one person's, few enough to stay cheap. */
const TRACES_CHECKED = 200;

/** The device id hashes a person's browsers carried: on their origins, and on the shares of their offers. */
export async function deviceIdHashesOfPerson(db: Kysely<Database>, personId: string): Promise<string[]> {
  const origins = await db
    .selectFrom('origins')
    .select('device_id_hash')
    .distinct()
    .where('person_id', '=', personId)
    .where('device_id_hash', 'is not', null)
    .limit(TRACES_CHECKED)
    .execute();
  const shares = await db
    .selectFrom('shares')
    .innerJoin('offers', 'offers.id', 'shares.offer_id')
    .select('shares.device_id_hash')
    .distinct()
    .where('offers.person_id', '=', personId)
    .where('shares.device_id_hash', 'is not', null)
    .limit(TRACES_CHECKED)
    .execute();
  return [...new Set([...origins, ...shares].map((row) => row.device_id_hash!))];
}

/** The shipping address and postcode hashes of a person's origins, newest first. */
export async function shippingHashesOfPerson(db: Kysely<Database>, personId: string): Promise<{ shipping_address_hash: string | null; shipping_zip_hash: string | null }[]> {
  const rows = await db
    .selectFrom('origins')
    .select(['shipping_address_hash', 'shipping_zip_hash'])
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('shipping_address_hash', 'is not', null), eb('shipping_zip_hash', 'is not', null)]))
    .orderBy('created_at', 'desc')
    .limit(TRACES_CHECKED)
    .execute();
  return rows.map((row) => ({ shipping_address_hash: row.shipping_address_hash ?? null, shipping_zip_hash: row.shipping_zip_hash ?? null }));
}

/** Most clicks or coupon uses read for one leaked-link count, whatever the limit. */
const MOST_FRIENDS_TRACED = 2000;
/** Fewest read, for a small limit: enough for the grouping by network and device to see households. */
const FEWEST_FRIENDS_TRACED = 200;

/**
 * How many of the newest clicks or coupon uses a leaked-link count reads, for a signal that fires
 * past `maxDistinctFriends` unrelated friends: ten times that, between 200 and 2,000. A link used
 * by strangers shows more than the limit among its newest uses; one used by a single office stays
 * one group however many are read. Reading a fixed 2,000 made every purchase through a popular
 * link cost as much as its busiest day (the soak's p99 doubled within a minute).
 */
export function friendsTraced(maxDistinctFriends: number): number {
  return Math.min(MOST_FRIENDS_TRACED, Math.max(FEWEST_FRIENDS_TRACED, maxDistinctFriends * 10));
}

/** What relates one click or coupon use to another: the raw address (hashed by the caller), the visitor, the device, the person. */
export interface UseTrace {
  ip_address: string | null;
  network_prefix_hash: string | null;
  visitor_uuid: string | null;
  device_id_hash: string | null;
  person_id: string | null;
}

/** The newest `limit` clicks on an offer's links in [since, until] (index claims_offer_created_idx). */
export async function offerClickTraces(db: Kysely<Database>, offerId: string, since: string, until: string, limit: number): Promise<UseTrace[]> {
  const rows = await db
    .selectFrom('claims')
    .select(['ip_address', 'visitor_uuid', 'device_id_hash'])
    .where('offer_id', '=', offerId)
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ip_address: row.ip_address, network_prefix_hash: null, visitor_uuid: row.visitor_uuid, device_id_hash: row.device_id_hash ?? null, person_id: null }));
}

/** The newest `limit` origins that used a friend coupon in [since, until] (index origins_site_coupon_created_idx). */
export async function couponUseTraces(db: Kysely<Database>, siteId: string, couponCode: string, since: string, until: string, limit: number): Promise<UseTrace[]> {
  const rows = await db
    .selectFrom('origins')
    .select(['network_prefix_hash', 'visitor_uuid', 'device_id_hash', 'person_id'])
    .where('site_id', '=', siteId)
    .where('coupon_code', 'in', [...new Set([couponCode, couponCode.toUpperCase(), couponCode.toLowerCase()])])
    .where('superseded_by', 'is', null)
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ip_address: null, network_prefix_hash: row.network_prefix_hash ?? null, visitor_uuid: row.visitor_uuid, device_id_hash: row.device_id_hash ?? null, person_id: row.person_id }));
}

/**
 * How many referred friends' origins (ones a referral closed, and this one) came from one
 * network in [since, until] (index origins_site_network_idx, then each referral by its origin).
 */
export async function countNetworkFriendOriginsSince(db: Kysely<Database>, siteId: string, prefixHash: string, originId: string, since: string, until: string): Promise<number> {
  const row = await db
    .selectFrom('origins')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('site_id', '=', siteId)
    .where('network_prefix_hash', '=', prefixHash)
    .where('created_at', '>=', since)
    .where('created_at', '<=', until)
    .where((eb) => eb.or([eb('id', '=', originId), eb.exists(eb.selectFrom('referrals').select('referrals.id').whereRef('referrals.friend_origin_id', '=', 'origins.id'))]))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
