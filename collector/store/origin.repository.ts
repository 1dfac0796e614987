import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { Database, OriginChangeRow, OriginRow, PersonRow } from './tables';

/**
 * Inserts the origin unless one with the same idempotency key exists for the site; either
 * way returns the stored row. The unique constraint decides, so concurrent posts of the same
 * order cannot both insert.
 */
export async function insertOriginOnce(db: Kysely<Database>, row: OriginRow): Promise<{ origin: OriginRow; created: boolean }> {
  const inserted = await db
    .insertInto('origins')
    .values(row)
    .onConflict((oc) => oc.columns(['site_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { origin: row, created: true };
  const existing = await db
    .selectFrom('origins')
    .selectAll()
    .where('site_id', '=', row.site_id)
    .where('idempotency_key', '=', row.idempotency_key)
    .executeTakeFirstOrThrow();
  return { origin: existing, created: false };
}

/**
 * Moves a browser-reported (unverified) origin out of its order's idempotency key, so the
 * merchant's server's report of the same order can take the key. Answers false when the origin
 * is no longer an unverified holder of that key (another request took it over first).
 */
export async function supersedeOrigin(db: Kysely<Database>, origin: OriginRow, supersededBy: string): Promise<boolean> {
  const result = await db
    .updateTable('origins')
    .set({ idempotency_key: `Superseded:${origin.id}`, superseded_by: supersededBy })
    .where('id', '=', origin.id)
    .where('idempotency_key', '=', origin.idempotency_key)
    .where('verified', '=', 0)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The merchant's server confirmed a browser-reported origin: its figures replace the browser's. */
export async function confirmOrigin(
  db: Kysely<Database>,
  origin: OriginRow,
  fields: Pick<
    OriginRow,
    'subtotal' | 'order_date' | 'coupon_code' | 'items' | 'campaign_tags' | 'visitor_uuid' | 'ip_address' | 'traffic_source' | 'network_prefix_hash' | 'device_id_hash' | 'shipping_address_hash' | 'shipping_zip_hash'
  >,
): Promise<OriginRow | undefined> {
  const result = await db.updateTable('origins').set({ ...fields, verified: 1 }).where('id', '=', origin.id).where('verified', '=', 0).executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  return { ...origin, ...fields, verified: 1 };
}

/** Appends to an origin's history. */
export async function recordOriginChange(db: Kysely<Database>, originId: string, change: OriginChangeRow['change'], detail: unknown, at: string): Promise<void> {
  await db.insertInto('origin_changes').values({ id: newId(), origin_id: originId, change, detail: JSON.stringify(detail), created_at: at }).execute();
}

/** An origin's history, oldest first. */
export async function originChanges(db: Kysely<Database>, originId: string): Promise<OriginChangeRow[]> {
  return db.selectFrom('origin_changes').selectAll().where('origin_id', '=', originId).orderBy('created_at').orderBy('id').execute();
}

/** The origin behind a row id. */
export async function findOrigin(db: Kysely<Database>, id: string): Promise<OriginRow | undefined> {
  return db.selectFrom('origins').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A Purchase stored before the given time by anyone on the site with this person's row, email
 * or customer_id (the friend-must-be-new rule), other than the given origin. Only purchases the
 * merchant vouched for count: a browser's unsigned report could name anyone's email.
 */
export async function findEarlierPurchase(
  db: Kysely<Database>,
  person: PersonRow,
  before: string,
  exceptOriginId: string,
): Promise<{ email: string | null; customer_id: string | null } | undefined> {
  // Two indexed steps rather than one OR across a join, which made SQLite walk every origin of
  // the site (18 s at a million referrals): first the people who are this person, then their purchases.
  const samePeople = await db
    .selectFrom('people')
    .select(['id', 'email', 'customer_id'])
    .where('site_id', '=', person.site_id)
    .where((eb) => {
      const same = [eb('id', '=', person.id)];
      if (person.email) same.push(eb('identity_key', '=', `email:${person.email}`));
      if (person.customer_id) same.push(eb('customer_id', '=', person.customer_id));
      return eb.or(same);
    })
    .execute();
  const purchase = await db
    .selectFrom('origins')
    .select('person_id')
    .where(
      'person_id',
      'in',
      samePeople.map((row) => row.id),
    )
    .where('type', '=', 'Purchase')
    .where('verified', '=', 1)
    .where('created_at', '<', before)
    .where('id', '!=', exceptOriginId)
    .limit(1)
    .executeTakeFirst();
  const buyer = purchase && samePeople.find((row) => row.id === purchase.person_id);
  return buyer ? { email: buyer.email, customer_id: buyer.customer_id } : undefined;
}

/** How many Events of a category the person has, optionally only those stored since a time. */
export async function countEvents(db: Kysely<Database>, personId: string, category: string, since: string | null): Promise<number> {
  let query = db
    .selectFrom('origins')
    .select(db.fn.countAll<string | number>().as('count'))
    .where('person_id', '=', personId)
    .where('type', '=', 'Event')
    .where('event_category', '=', category);
  if (since) query = query.where('created_at', '>=', since);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Whether any origin of the person carried this visitor uuid. */
export async function personUsedVisitorUuid(db: Kysely<Database>, siteId: string, personId: string, visitorUuid: string): Promise<boolean> {
  const row = await db
    .selectFrom('origins')
    .select('id')
    .where('site_id', '=', siteId)
    .where('visitor_uuid', '=', visitorUuid)
    .where('person_id', '=', personId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Most addresses looked at per advocate: far more than one person uses, few enough to stay cheap. */
const ADVOCATE_ADDRESSES_CHECKED = 500;

/**
 * The client IP addresses the advocate was seen at, as the merchant's server or the advocate
 * themselves reported them: their verified origins, and their email shares (which need the
 * offer's share key). Social shares and unsigned origins are left out: anyone may post those
 * for any offer or email, and so could make an advocate look as if they lived anywhere.
 */
export async function advocateIpAddresses(db: Kysely<Database>, personId: string): Promise<Set<string>> {
  const origins = await db
    .selectFrom('origins')
    .select('ip_address')
    .distinct()
    .where('person_id', '=', personId)
    .where('verified', '=', 1)
    .where('ip_address', 'is not', null)
    .limit(ADVOCATE_ADDRESSES_CHECKED)
    .execute();
  const shares = await db
    .selectFrom('shares')
    .innerJoin('offers', 'offers.id', 'shares.offer_id')
    .select('shares.ip_address')
    .distinct()
    .where('offers.person_id', '=', personId)
    .where('shares.type', '=', 'EmailOfferShare')
    .where('shares.ip_address', 'is not', null)
    .limit(ADVOCATE_ADDRESSES_CHECKED)
    .execute();
  return new Set([...origins, ...shares].map((row) => row.ip_address!));
}

/** A person's origins other than this one that carry a uuid or a coupon, newest first (attribution falls back to them). */
export async function earlierOriginsWithTies(db: Kysely<Database>, origin: Pick<OriginRow, 'id' | 'person_id'>, limit: number): Promise<OriginRow[]> {
  return db
    .selectFrom('origins')
    .selectAll()
    .where('person_id', '=', origin.person_id)
    .where('id', '!=', origin.id)
    .where((eb) => eb.or([eb('visitor_uuid', 'is not', null), eb('coupon_code', 'is not', null)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Whether the origin came from the merchant's server (a referral without one: yes). */
export async function isOriginVerified(db: Kysely<Database>, originId: string | null): Promise<boolean> {
  if (!originId) return true;
  const row = await db.selectFrom('origins').select('verified').where('id', '=', originId).executeTakeFirst();
  return Number(row?.verified ?? 1) === 1;
}

/**
 * Marks an origin refunded, unless it already is; answers whether it did. The condition makes a
 * repeated or concurrent refund of the same origin change nothing.
 */
export async function markOriginRefunded(
  db: Kysely<Database>,
  originId: string,
  refund: Pick<Required<OriginRow>, 'refunded_at' | 'refunded_amount' | 'refund_reason'>,
): Promise<boolean> {
  const result = await db.updateTable('origins').set(refund).where('id', '=', originId).where('refunded_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether any origin of the site was reported with this coupon code (the code was redeemed). */
export async function couponCodeRedeemed(db: Kysely<Database>, siteId: string, couponCode: string): Promise<boolean> {
  const row = await db.selectFrom('origins').select('id').where('site_id', '=', siteId).where('coupon_code', '=', couponCode).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether a purchase the merchant's server reported (verified, not superseded) carries this
 * coupon code, other than `exceptOriginId`: a browser's report alone never uses a code up, or
 * anyone with the public slug could spend every advocate's code.
 */
export async function couponUsedByServerPurchase(db: Kysely<Database>, siteId: string, couponCode: string, exceptOriginId?: string): Promise<boolean> {
  let query = db
    .selectFrom('origins')
    .select('id')
    .where('site_id', '=', siteId)
    // Origins keep the code as the shop sent it; codes are issued upper-case, and shops send them either way.
    .where('coupon_code', 'in', [...new Set([couponCode, couponCode.toUpperCase(), couponCode.toLowerCase()])])
    .where('type', '=', 'Purchase')
    .where('verified', '=', 1)
    .where('superseded_by', 'is', null);
  if (exceptOriginId) query = query.where('id', '!=', exceptOriginId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Whether anyone on the site with this address has a Purchase the merchant's server reported:
 * what "new customers only" refuses. A browser's report does not count, or a stranger could make
 * a friend "not new" by posting a purchase in their name.
 */
export async function emailHasServerPurchase(db: Kysely<Database>, siteId: string, email: string): Promise<boolean> {
  const people = await db.selectFrom('people').select('id').where('site_id', '=', siteId).where('email', '=', email).execute();
  if (people.length === 0) return false;
  const row = await db
    .selectFrom('origins')
    .select('id')
    .where('person_id', 'in', people.map((person) => person.id))
    .where('type', '=', 'Purchase')
    .where('verified', '=', 1)
    .where('superseded_by', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The site's origin with this idempotency key ("Purchase:<order>", "Event:<category>:<number>"), if any. */
export async function findOriginByKey(db: Kysely<Database>, siteId: string, originKey: string): Promise<OriginRow | undefined> {
  return db.selectFrom('origins').selectAll().where('site_id', '=', siteId).where('idempotency_key', '=', originKey).executeTakeFirst();
}
