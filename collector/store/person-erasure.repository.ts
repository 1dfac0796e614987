import { sql, type Kysely } from 'kysely';
import { addressGroup } from '../net/address-group';
import { erasedAddressHash } from '../signing/erased-address-hash';
import type { Database, PersonRow } from './tables';

/** Everything a person slug finds: the people rows, and the addresses and values tied to them. */
export interface ErasureScope {
  people: PersonRow[];
  /** Normalised addresses: the people's, and the slug itself when it is one. */
  emails: string[];
  originIds: string[];
  offerIds: string[];
  shareIds: string[];
  /** The person's own clicks: on the invite link made for them, with their visitor uuid, or closing their referral as friend. */
  claimIds: string[];
  ipAddresses: string[];
  visitorUuids: string[];
  userAgents: string[];
}

/**
 * What the store keeps about the person a slug names on a site: people whose address or customer
 * id it is, their origins, offers and shares, and the clicks they made as a friend. An address
 * with no person (an invited friend who never bought) still finds its invites and suppression.
 */
export async function findErasureScope(db: Kysely<Database>, siteId: string, slug: { email: string | null; customerId: string | null }): Promise<ErasureScope> {
  let peopleQuery = db.selectFrom('people').selectAll().where('site_id', '=', siteId);
  peopleQuery = peopleQuery.where((eb) => eb.or([...(slug.email ? [eb('email', '=', slug.email)] : []), ...(slug.customerId ? [eb('customer_id', '=', slug.customerId)] : [])]));
  const people = await peopleQuery.execute();
  const personIds = people.map((person) => person.id);
  const emails = unique([...people.map((person) => person.email), slug.email]);
  const origins = personIds.length === 0 ? [] : await db.selectFrom('origins').select(['id', 'ip_address', 'visitor_uuid']).where('person_id', 'in', personIds).execute();
  const offers = personIds.length === 0 ? [] : await db.selectFrom('offers').select('id').where('person_id', 'in', personIds).execute();
  const offerIds = offers.map((offer) => offer.id);
  const shares = offerIds.length === 0 ? [] : await db.selectFrom('shares').select(['id', 'ip_address']).where('offer_id', 'in', offerIds).execute();
  const visitorUuids = unique(origins.map((origin) => origin.visitor_uuid));
  const claims = await db
    .selectFrom('claims')
    .select(['id', 'ip_address', 'visitor_uuid', 'user_agent'])
    .where('site_id', '=', siteId)
    .where((eb) =>
      eb.or([
        ...(visitorUuids.length > 0 ? [eb('visitor_uuid', 'in', visitorUuids)] : []),
        ...(emails.length > 0 ? [eb('claim_link_id', 'in', eb.selectFrom('claim_links').select('id').where('recipient_email', 'in', emails))] : []),
        ...(personIds.length > 0 ? [eb('id', 'in', eb.selectFrom('referrals').select('claim_id').where('friend_person_id', 'in', personIds).where('claim_id', 'is not', null))] : []),
      ]),
    )
    .execute();
  return {
    people,
    emails,
    originIds: origins.map((origin) => origin.id),
    offerIds,
    shareIds: shares.map((share) => share.id),
    claimIds: claims.map((claim) => claim.id),
    ipAddresses: unique([...origins.map((origin) => origin.ip_address), ...shares.map((share) => share.ip_address), ...claims.map((claim) => claim.ip_address)]),
    visitorUuids: unique([...visitorUuids, ...claims.map((claim) => claim.visitor_uuid)]),
    userAgents: unique(claims.map((claim) => claim.user_agent)),
  };
}

/**
 * Clears the personal columns of the rows in scope: the people keep their ids, dates and
 * counts but no address (the anonymized one instead), name, customer id or custom properties;
 * origins, shares and clicks lose their IP addresses, visitor uuids, user agents, notes and the keyed
 * hashes of their networks, device ids and shipping addresses; an
 * invite to the person names the anonymized address; the shared rate limits forget their addresses. Amounts, statuses and links stay.
 */
export async function clearPersonalColumns(db: Kysely<Database>, siteId: string, scope: ErasureScope, replacementEmail: string, newVisitorUuid: () => string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const person of scope.people) {
    await db
      .updateTable('people')
      .set({ email: replacementEmail, identity_key: `anonymized:${person.id}`, customer_id: null, first_name: null, last_name: null, custom_properties: null, names_vouched: 0, username: null, opted_in_at: null })
      .where('id', '=', person.id)
      .execute();
  }
  counts.people = scope.people.length;
  if (scope.originIds.length > 0) {
    await db
      .updateTable('origins')
      .set({ ip_address: null, visitor_uuid: null, network_prefix_hash: null, device_id_hash: null, shipping_address_hash: null, shipping_zip_hash: null })
      .where('id', 'in', scope.originIds)
      .execute();
    // A sign-up's idempotency key is made of the address (see record-origin.ts).
    await db
      .updateTable('origins')
      .set({ idempotency_key: sql<string>`cast(${'AffiliateMember:anonymized:'} as text) || id` })
      .where('id', 'in', scope.originIds)
      .where('type', '=', 'AffiliateMember')
      .execute();
  }
  counts.origins = scope.originIds.length;
  if (scope.shareIds.length > 0) await db.updateTable('shares').set({ subject: null, body: null, ip_address: null, device_id_hash: null }).where('id', 'in', scope.shareIds).execute();
  counts.shares = scope.shareIds.length;
  for (const claimId of scope.claimIds) {
    // visitor_uuid is required: a fresh one, which no browser holds, keeps the click counted and matching nobody.
    await db.updateTable('claims').set({ visitor_uuid: newVisitorUuid(), ip_address: null, network: null, user_agent: null, device_id_hash: null }).where('id', '=', claimId).execute();
  }
  counts.claims = scope.claimIds.length;
  if (scope.emails.length > 0) {
    const offerIdsOfSite = db.selectFrom('offers').select('id').where('site_id', '=', siteId);
    const links = await db.updateTable('claim_links').set({ recipient_email: replacementEmail }).where('recipient_email', 'in', scope.emails).where('offer_id', 'in', offerIdsOfSite).executeTakeFirst();
    counts.claim_links = Number(links.numUpdatedRows);
    const recipients = await db
      .updateTable('share_recipients')
      .set({ email: replacementEmail })
      .where('email', 'in', scope.emails)
      .where('share_id', 'in', db.selectFrom('shares').select('id').where('offer_id', 'in', offerIdsOfSite))
      .executeTakeFirst();
    counts.share_recipients = Number(recipients.numUpdatedRows);
    counts.email_suppressions = await hashSuppressions(db, siteId, scope.emails);
  }
  if (scope.ipAddresses.length > 0) {
    // The shared rate limits count by address for a minute or two; the person's go now.
    const groups = [...new Set(scope.ipAddresses.map(addressGroup))];
    const windows = await db.deleteFrom('rate_limit_windows').where('key', 'in', groups).executeTakeFirst();
    counts.rate_limit_windows = Number(windows.numDeletedRows);
  }
  return counts;
}

/** Replaces the addresses on the site's suppression list by their hashes, so they stay unsubscribed. */
async function hashSuppressions(db: Kysely<Database>, siteId: string, emails: readonly string[]): Promise<number> {
  let hashed = 0;
  for (const email of emails) {
    const hash = erasedAddressHash(email);
    const existing = await db.selectFrom('email_suppressions').select('id').where('site_id', '=', siteId).where('email', '=', hash).executeTakeFirst();
    if (existing) {
      const removed = await db.deleteFrom('email_suppressions').where('site_id', '=', siteId).where('email', '=', email).executeTakeFirst();
      hashed += Number(removed.numDeletedRows);
    } else {
      const updated = await db.updateTable('email_suppressions').set({ email: hash }).where('site_id', '=', siteId).where('email', '=', email).executeTakeFirst();
      hashed += Number(updated.numUpdatedRows);
    }
  }
  return hashed;
}

/** A text column that may hold a person's values in JSON or free text, and how to find its rows. */
export interface ScrubbableColumn {
  table: 'events' | 'outbox_messages' | 'outbox_attempts' | 'origin_changes' | 'audit_log' | 'referral_status_changes' | 'origins' | 'shares';
  column: string;
  json: boolean;
}

/** Every column outside the personal ones above where a person's address or values can be copied. */
export const SCRUBBABLE_COLUMNS: readonly ScrubbableColumn[] = [
  { table: 'events', column: 'payload', json: true },
  { table: 'outbox_messages', column: 'payload', json: true },
  { table: 'outbox_messages', column: 'last_error', json: false },
  { table: 'outbox_attempts', column: 'response_excerpt', json: false },
  { table: 'outbox_attempts', column: 'error', json: false },
  { table: 'origin_changes', column: 'detail', json: true },
  { table: 'audit_log', column: 'subject', json: false },
  { table: 'audit_log', column: 'note', json: false },
  { table: 'audit_log', column: 'detail', json: true },
  { table: 'referral_status_changes', column: 'note', json: false },
  { table: 'origins', column: 'order_number', json: false },
  { table: 'origins', column: 'items', json: true },
  { table: 'shares', column: 'subject', json: false },
  { table: 'shares', column: 'body', json: false },
];

/**
 * The rows of a scrubbable column of the site that hold one of the needles (case-insensitively)
 * or, for events and outbox messages, whose subject is one of the subject ids.
 */
export async function rowsHolding(db: Kysely<Database>, siteId: string, target: ScrubbableColumn, needles: readonly string[], subjectIds: readonly string[]): Promise<{ id: string; text: string }[]> {
  const column = sql.ref(target.column);
  const hasSubject = target.table === 'events' || target.table === 'outbox_messages';
  const conditions = needles.map((needle) => sql`lower(${column}) like ${`%${needle.toLowerCase()}%`}`);
  if (hasSubject && subjectIds.length > 0) conditions.push(sql`subject_id in (${sql.join(subjectIds)})`);
  if (conditions.length === 0) return [];
  const matches = sql.join(conditions, sql` or `);
  const ofSite =
    target.table === 'outbox_attempts'
      ? sql`message_id in (select id from outbox_messages where site_id = ${siteId})`
      : target.table === 'origin_changes'
        ? sql`origin_id in (select id from origins where site_id = ${siteId})`
        : target.table === 'referral_status_changes'
          ? sql`referral_id in (select id from referrals where site_id = ${siteId})`
          : target.table === 'shares'
            ? sql`offer_id in (select id from offers where site_id = ${siteId})`
            : sql`site_id = ${siteId}`;
  const result = await sql<{ id: string; text: string }>`select id, ${column} as text from ${sql.table(target.table)} where ${column} is not null and ${ofSite} and (${matches})`.execute(db);
  return result.rows;
}

/** Writes a scrubbed value back. */
export async function writeScrubbed(db: Kysely<Database>, target: ScrubbableColumn, id: string, text: string): Promise<void> {
  await sql`update ${sql.table(target.table)} set ${sql.ref(target.column)} = ${text} where id = ${id}`.execute(db);
}

/**
 * Pending mail that names the person, or is about their invites (sent by them or to them): it is
 * done without sending (status suppressed), as for an unsubscribed address.
 */
export async function suppressPendingMail(db: Kysely<Database>, siteId: string, messageIds: readonly string[], subjectIds: readonly string[]): Promise<number> {
  if (messageIds.length === 0 && subjectIds.length === 0) return 0;
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'suppressed', last_error: 'the person was anonymized', locked_until: null, locked_by: null })
    .where('site_id', '=', siteId)
    .where('kind', '=', 'mail')
    .where('status', '=', 'pending')
    .where((eb) => eb.or([...(messageIds.length > 0 ? [eb('id', 'in', messageIds)] : []), ...(subjectIds.length > 0 ? [eb('subject_id', 'in', subjectIds)] : [])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function unique(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
}
