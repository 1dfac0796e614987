import type { Kysely } from 'kysely';
import { findPersonByIdentity, identityKey, insertPersonOnce, isVouched, newPersonRow, updatePerson, type PersonFields } from '../store/person.repository';
import type { Database, PersonRow } from '../store/tables';

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

type PersonChanges = Pick<PersonRow, 'customer_id' | 'first_name' | 'last_name' | 'custom_properties' | 'names_vouched'>;

/**
 * What a call changes of a known person. What the merchant's server vouches for fills in or
 * replaces what was known (the newest report knows best), and names it vouches for the first
 * time replace whatever a browser had set, even with nothing. What only a browser says fills
 * blanks only, and names the merchant gave are never a browser's to change.
 */
export function personChanges(known: PersonRow, fields: PersonFields, authority: PersonAuthority): PersonChanges {
  const fill = <T>(given: T | null, stored: T | null) => stored ?? given;
  const replace = <T>(given: T | null, stored: T | null) => given ?? stored;
  const customProperties = fields.custom_properties ? JSON.stringify(fields.custom_properties) : null;
  const namesVouchedBefore = known.names_vouched === 1;
  const name = (given: string | null, stored: string | null) => {
    if (authority.names) return namesVouchedBefore ? replace(given, stored) : given;
    return namesVouchedBefore ? stored : fill(given, stored);
  };
  return {
    customer_id: authority.identity ? replace(fields.customer_id, known.customer_id) : fill(fields.customer_id, known.customer_id),
    first_name: name(fields.first_name, known.first_name),
    last_name: name(fields.last_name, known.last_name),
    custom_properties: authority.properties ? replace(customProperties, known.custom_properties) : fill(customProperties, known.custom_properties),
    names_vouched: authority.names || namesVouchedBefore ? 1 : 0,
  };
}

/**
 * Finds the person an origin names, or makes them, applying what the call may change (see
 * personChanges). A browser's call changes nothing of a person the merchant's server reported.
 */
export async function recordPerson(db: Kysely<Database>, siteId: string, fields: PersonFields, now: string, authority: PersonAuthority): Promise<PersonRow> {
  const known = await findPersonByIdentity(db, siteId, identityKey(fields));
  if (!known) {
    const row = newPersonRow(siteId, fields, now, authority.names);
    if (await insertPersonOnce(db, row)) return row;
    // A concurrent first report of the same person won the insert: this one updates it.
    return recordPerson(db, siteId, fields, now, authority);
  }
  const claimOnly = !authority.identity && !authority.names && !authority.properties;
  if (claimOnly && (known.names_vouched === 1 || (await isVouched(db, known.id)))) return known;
  const changes = personChanges(known, fields, authority);
  await updatePerson(db, known.id, changes);
  return { ...known, ...changes };
}
