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

/**
 * Inserts a new person unless one with the same identity exists on the site; answers whether
 * this insert made it (a concurrent first report of the same person may have won).
 */
export async function insertPersonOnce(db: Kysely<Database>, row: PersonRow): Promise<boolean> {
  const inserted = await db
    .insertInto('people')
    .values(row)
    .onConflict((oc) => oc.columns(['site_id', 'identity_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Writes new values of a person's fields. */
export async function updatePerson(db: Kysely<Database>, id: string, changes: Partial<Omit<PersonRow, 'id' | 'site_id' | 'identity_key' | 'created_at'>>): Promise<void> {
  await db.updateTable('people').set(changes).where('id', '=', id).execute();
}

/** A new person row with a fresh id. */
export function newPersonRow(siteId: string, fields: PersonFields, now: string, namesVouched: boolean): PersonRow {
  return {
    id: newId(),
    site_id: siteId,
    identity_key: identityKey(fields),
    email: fields.email,
    customer_id: fields.customer_id,
    first_name: fields.first_name,
    last_name: fields.last_name,
    custom_properties: fields.custom_properties ? JSON.stringify(fields.custom_properties) : null,
    created_at: now,
    names_vouched: namesVouched ? 1 : 0,
  };
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
