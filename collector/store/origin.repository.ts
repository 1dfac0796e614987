import type { Kysely } from 'kysely';
import type { Database, OriginRow, PersonRow } from './tables';

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

/** The origin behind a row id. */
export async function findOrigin(db: Kysely<Database>, id: string): Promise<OriginRow | undefined> {
  return db.selectFrom('origins').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A Purchase stored before the given time by anyone on the site with this person's row, email
 * or customer_id (the friend-must-be-new rule), other than the given origin.
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
