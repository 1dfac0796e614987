import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findPersonByIdentity, insertPersonOnce, newPersonRow, updatePerson } from '../store/person.repository';
import { findPersonBySlug } from '../store/person-profile.repository';
import type { Database, PersonRow } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { parsePersonSlug } from './anonymize-person';
import { recordAudit, SECRET_KEY_ACTOR } from './audit-log';
import { unsubscribeInTransaction } from './record-unsubscribe';
import { Refusal } from './refusal';

/** What a PUT /api/v2/people/:person_slug may set; a key left out keeps what is stored, null clears it. */
export interface PersonUpdate {
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  username?: string | null | undefined;
  customer_id?: string | null | undefined;
  person_custom_properties?: Record<string, unknown> | null | undefined;
  /** Opted in to the merchant's mail (true), or not (false). */
  sub_choice?: boolean | undefined;
  /** true puts the address on the suppression list (as the unsubscribe link does); false takes it off. */
  unsubscribed?: boolean | undefined;
}

export interface PersonUpdateOutcome {
  person: PersonRow;
  created: boolean;
  /** Web hooks written (the Unsubscribe web hook): the outbox is to be woken. */
  webhookIds: string[];
}

/**
 * Applies the merchant's server's word to a person, in one transaction: it is the authority, so
 * what it sends replaces what anyone said before (names count as vouched for mail). A person the
 * slug does not name is created when the slug is an address (Talkable's PUT creates); else the
 * answer is undefined. unsubscribed: true suppresses the address with the Unsubscribe web hook
 * and event, exactly as the unsubscribe link; false takes it off the list, audited.
 */
export async function updatePersonFromServer(db: Kysely<Database>, site: Site, slug: string, update: PersonUpdate, now: Date): Promise<PersonUpdateOutcome | undefined> {
  const personSlug = parsePersonSlug(slug);
  return writeTransaction(db, async (trx) => {
    let person = await findPersonBySlug(trx, site.id, personSlug);
    let created = false;
    if (!person) {
      if (!personSlug.email) return undefined;
      const row = newPersonRow(site.id, { email: personSlug.email, customer_id: null, first_name: null, last_name: null, custom_properties: null }, now.toISOString(), true);
      created = await insertPersonOnce(trx, row);
      person = created ? row : await findPersonByIdentity(trx, site.id, row.identity_key);
      if (!person) throw new Error(`person ${row.identity_key} was neither inserted nor found`);
    }
    const changes = await changesOf(trx, person, update, now);
    if (Object.keys(changes).length > 0) await updatePerson(trx, person.id, changes);
    person = { ...person, ...changes };
    const webhookIds: string[] = [];
    if (update.unsubscribed !== undefined && person.email) {
      if (update.unsubscribed) webhookIds.push(...(await unsubscribeInTransaction(trx, site, person.email, 'api', now)));
      else await resubscribe(trx, site, person.email, now);
    }
    return { person, created, webhookIds };
  });
}

/** The columns the update sets; a customer id that is the person's identity moves the identity with it. */
async function changesOf(trx: Kysely<Database>, person: PersonRow, update: PersonUpdate, now: Date): Promise<Partial<PersonRow>> {
  const changes: Partial<PersonRow> = {};
  if (update.first_name !== undefined) changes.first_name = update.first_name;
  if (update.last_name !== undefined) changes.last_name = update.last_name;
  if (update.first_name !== undefined || update.last_name !== undefined) changes.names_vouched = 1;
  if (update.username !== undefined) changes.username = update.username;
  if (update.person_custom_properties !== undefined) changes.custom_properties = update.person_custom_properties ? JSON.stringify(update.person_custom_properties) : null;
  if (update.sub_choice !== undefined) changes.opted_in_at = update.sub_choice ? (person.opted_in_at ?? now.toISOString()) : null;
  if (update.customer_id !== undefined && update.customer_id !== person.customer_id) {
    changes.customer_id = update.customer_id;
    if (!person.email) {
      if (!update.customer_id) throw new Refusal({ code: 'person_identity_conflict', kind: 'invalid', field: 'data.customer_id', detail: 'is the only thing this person is known by: it cannot be cleared' });
      const identity = `customer:${update.customer_id}`;
      if (await findPersonByIdentity(trx, person.site_id, identity)) {
        throw new Refusal({ code: 'person_identity_conflict', kind: 'conflict', field: 'data.customer_id', detail: 'names another person of this site' });
      }
      await trx.updateTable('people').set({ identity_key: identity }).where('id', '=', person.id).execute();
    }
  }
  return changes;
}

/** Takes the address off the suppression list because the merchant's server says it is subscribed; audited, as the console's removal. */
async function resubscribe(trx: Kysely<Database>, site: Site, email: string, now: Date): Promise<void> {
  const removed = await trx.deleteFrom('email_suppressions').where('site_id', '=', site.id).where('email', '=', email).returningAll().executeTakeFirst();
  if (removed) {
    await recordAudit(trx, { actor: SECRET_KEY_ACTOR, action: 'suppression.remove', siteId: site.id, subject: removed.email, note: 'people API: unsubscribed false', detail: { reason: removed.reason, since: removed.created_at } }, now);
  }
}
