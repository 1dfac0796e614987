import type { Kysely } from 'kysely';
import { newId } from './ids';
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

/** Which of a call's person fields the merchant's server vouches for. */
export interface PersonAuthority {
  /** The email and customer id (the secret key, or a signature covering them). */
  identity: boolean;
  /** The first and last name (the secret key, or a version 2 signature). */
  names: boolean;
  /** The custom properties (the secret key only). */
  properties: boolean;
}

/** A call with the secret key: the merchant's server vouches for every field. */
export const MERCHANT_AUTHORITY: PersonAuthority = { identity: true, names: true, properties: true };

/** A call with only the public slug: every field is a claim. */
export const BROWSER_AUTHORITY: PersonAuthority = { identity: false, names: false, properties: false };

/**
 * Finds the person by identity or makes them. What the merchant's server vouches for fills in or
 * replaces what was known (the newest origin knows best); names it vouches for the first time
 * replace whatever a browser had set, even with nothing. What only a browser says is a claim: it
 * names a new person, and may fill in blanks of a person nobody vouched for, but never changes a
 * person the merchant's server reported.
 */
export async function upsertPerson(db: Kysely<Database>, siteId: string, fields: PersonFields, now: string, authority: PersonAuthority = MERCHANT_AUTHORITY): Promise<PersonRow> {
  const key = identityKey(fields);
  const customProperties = fields.custom_properties ? JSON.stringify(fields.custom_properties) : null;
  const known = await findPersonByIdentity(db, siteId, key);
  if (!known) {
    const row: PersonRow = {
      id: newId(),
      site_id: siteId,
      identity_key: key,
      email: fields.email,
      customer_id: fields.customer_id,
      first_name: fields.first_name,
      last_name: fields.last_name,
      custom_properties: customProperties,
      created_at: now,
      names_vouched: authority.names ? 1 : 0,
    };
    const inserted = await db
      .insertInto('people')
      .values(row)
      .onConflict((oc) => oc.columns(['site_id', 'identity_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return row;
    // A concurrent first report of the same person won the insert: this one is an update of it.
    return upsertPerson(db, siteId, fields, now, authority);
  }
  const claimOnly = !authority.identity && !authority.names && !authority.properties;
  if (claimOnly && (known.names_vouched === 1 || (await isVouched(db, known.id)))) return known;
  const fill = <T>(given: T | null, stored: T | null) => stored ?? given;
  const replace = <T>(given: T | null, stored: T | null) => given ?? stored;
  const namesFirstVouched = authority.names && known.names_vouched !== 1;
  const changes = {
    customer_id: authority.identity ? replace(fields.customer_id, known.customer_id) : fill(fields.customer_id, known.customer_id),
    first_name: namesFirstVouched ? fields.first_name : authority.names ? replace(fields.first_name, known.first_name) : known.names_vouched === 1 ? known.first_name : fill(fields.first_name, known.first_name),
    last_name: namesFirstVouched ? fields.last_name : authority.names ? replace(fields.last_name, known.last_name) : known.names_vouched === 1 ? known.last_name : fill(fields.last_name, known.last_name),
    custom_properties: authority.properties ? replace(customProperties, known.custom_properties) : fill(customProperties, known.custom_properties),
    names_vouched: authority.names || known.names_vouched === 1 ? 1 : 0,
  };
  await db.updateTable('people').set(changes).where('id', '=', known.id).execute();
  return { ...known, ...changes };
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
