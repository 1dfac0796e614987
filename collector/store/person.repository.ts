import type { Kysely } from 'kysely';
import { newId } from '../domain/ids';
import type { Database, PersonRow } from './tables';

export interface PersonFields {
  email: string | null;
  customer_id: string | null;
  first_name: string | null;
  last_name: string | null;
  custom_properties: Record<string, unknown> | null;
}

/** What makes two origins the same person: the email when known, else the merchant's customer id. */
export function identityKey(fields: Pick<PersonFields, 'email' | 'customer_id'>): string {
  if (fields.email) return `email:${fields.email}`;
  if (fields.customer_id) return `customer:${fields.customer_id}`;
  throw new Error('a person needs an email or a customer_id');
}

/**
 * Finds the person by identity or makes them. What the merchant's server says (`vouched`) fills
 * in or replaces what was known (the newest origin knows best). What only a browser says is a
 * claim: it names a new person, and may fill in blanks of a person nobody vouched for, but never
 * changes a person the merchant's server reported.
 */
export async function upsertPerson(db: Kysely<Database>, siteId: string, fields: PersonFields, now: string, vouched = true): Promise<PersonRow> {
  const key = identityKey(fields);
  const customProperties = fields.custom_properties ? JSON.stringify(fields.custom_properties) : null;
  const known = vouched ? undefined : await findPersonByIdentity(db, siteId, key);
  if (known && (await isVouched(db, known.id))) return known;
  // A claim fills blanks only: the stored value comes first.
  const merge = <T>(eb: any, value: T, column: string) =>
    vouched ? eb.fn.coalesce(eb.val(value), eb.ref(column)) : eb.fn.coalesce(eb.ref(column), eb.val(value));
  await db
    .insertInto('people')
    .values({
      id: newId(),
      site_id: siteId,
      identity_key: key,
      email: fields.email,
      customer_id: fields.customer_id,
      first_name: fields.first_name,
      last_name: fields.last_name,
      custom_properties: customProperties,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['site_id', 'identity_key']).doUpdateSet((eb) => ({
        customer_id: merge(eb, fields.customer_id, 'people.customer_id'),
        first_name: merge(eb, fields.first_name, 'people.first_name'),
        last_name: merge(eb, fields.last_name, 'people.last_name'),
        custom_properties: merge(eb, customProperties, 'people.custom_properties'),
      })),
    )
    .execute();
  return (await findPersonByIdentity(db, siteId, key))!;
}

/** The person with this identity key ("email:…", "customer:…") on the site. */
export async function findPersonByIdentity(db: Kysely<Database>, siteId: string, identityKey: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('site_id', '=', siteId).where('identity_key', '=', identityKey).executeTakeFirst();
}

/**
 * Whether the merchant vouched for the person: some origin of theirs came from the merchant's
 * server (secret key) or carried the merchant's signature. A person only a browser ever named
 * may show an offer and record activity, but earns nothing and sends no mail by that alone.
 */
export async function isVouched(db: Kysely<Database>, personId: string): Promise<boolean> {
  const row = await db.selectFrom('origins').select('id').where('person_id', '=', personId).where('verified', '=', 1).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The person behind a row id. */
export async function findPerson(db: Kysely<Database>, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}
