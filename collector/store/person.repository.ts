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
 * Finds the person by identity or makes them; names and properties given now fill in or
 * replace what was known (the newest origin knows best).
 */
export async function upsertPerson(db: Kysely<Database>, siteId: string, fields: PersonFields, now: string): Promise<PersonRow> {
  const key = identityKey(fields);
  const customProperties = fields.custom_properties ? JSON.stringify(fields.custom_properties) : null;
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
        customer_id: eb.fn.coalesce(eb.val(fields.customer_id), eb.ref('people.customer_id')),
        first_name: eb.fn.coalesce(eb.val(fields.first_name), eb.ref('people.first_name')),
        last_name: eb.fn.coalesce(eb.val(fields.last_name), eb.ref('people.last_name')),
        custom_properties: eb.fn.coalesce(eb.val(customProperties), eb.ref('people.custom_properties')),
      })),
    )
    .execute();
  return db
    .selectFrom('people')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('identity_key', '=', key)
    .executeTakeFirstOrThrow();
}

/** The person behind a row id. */
export async function findPerson(db: Kysely<Database>, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}
