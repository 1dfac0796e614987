import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { isEmailAddress, normalizeEmail } from '../contract/email-recipients';
import { erasedAddressHash } from '../signing/erased-address-hash';
import { findPerson } from '../store/person.repository';
import {
  clearPersonalColumns,
  findErasureScope,
  rowsHolding,
  SCRUBBABLE_COLUMNS,
  suppressPendingMail,
  writeScrubbed,
  type ErasureScope,
} from '../store/person-erasure.repository';
import { lockKey } from '../store/row-locks';
import type { AuditLogRow, Database, PersonRow } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';
import { recordAudit, SECRET_KEY_ACTOR } from './audit-log';
import { scrubJsonText, scrubText, type PersonalValues } from './personal-values';

/** Where anonymized addresses go, as Talkable writes them: a domain that receives no mail. */
const ANONYMIZED_DOMAIN = 'anonymized.email';

/** How a person slug (Talkable's: the person's email, or Vouch's customer id) names people. */
export interface PersonSlug {
  email: string | null;
  customerId: string | null;
}

/** An address names a person by email, anything else by the merchant's customer id. */
export function parsePersonSlug(slug: string): PersonSlug {
  const email = normalizeEmail(slug);
  return isEmailAddress(email) ? { email, customerId: null } : { email: null, customerId: slug.trim() };
}

export interface Anonymization {
  /** The people as they are now: anonymized (empty when only invites named the address). */
  people: PersonRow[];
  /** What was changed, per table; on a repeated call, what the first call changed. */
  erased: Record<string, number>;
  /** The audit entry that is the receipt. */
  receipt: AuditLogRow;
  /** False when this call found nothing left and answered the earlier call's receipt. */
  changed: boolean;
}

/**
 * Erases a person's personal data from everything the store keeps for the site, in one
 * transaction: the people rows, their origins' IPs and visitor uuids, their shares' texts and
 * IPs, their clicks, the invites to them, their suppression (kept as a hash, so they stay
 * unsubscribed), and every copy in web hook and mail payloads, the event log, attempts, notes
 * and the audit log. Pending mail naming them is not sent. Counts, amounts and statuses stay for
 * the merchant's books. The audit entry is the receipt; a repeated call finds nothing left, writes
 * none, and answers the latest receipt with the people erased before. Answers undefined when the slug names nothing and never did.
 */
export async function anonymizePerson(db: Kysely<Database>, site: Site, slug: string, now: Date): Promise<Anonymization | undefined> {
  const personSlug = parsePersonSlug(slug);
  const subject = personSlug.email ? erasedAddressHash(personSlug.email) : erasedAddressHash(`customer:${personSlug.customerId}`);
  const outcome = await writeTransaction(db, async (trx) => {
    // Two calls for the same site take turns (PostgreSQL), so neither sees half of the other's work.
    await lockKey(trx, `anonymize:${site.id}`);
    const scope = await findErasureScope(trx, site.id, personSlug);
    const replacementEmail = `${randomUUID()}@${ANONYMIZED_DOMAIN}`;
    const erased = await clearPersonalColumns(trx, site.id, scope, replacementEmail, randomUUID);
    const subjectIds = await subjectIdsOf(trx, scope);
    const scrubbed = await scrubCopies(trx, site.id, personalValuesOf(scope, replacementEmail), subjectIds);
    Object.assign(erased, scrubbed.counts);
    erased.pending_mail_suppressed = await suppressPendingMail(trx, site.id, scrubbed.outboxIds, subjectIds);
    const changed = Object.values(erased).some((count) => count > 0);
    if (!changed) return undefined;
    const receipt = await recordAudit(
      trx,
      { actor: SECRET_KEY_ACTOR, action: 'person.anonymize', siteId: site.id, subject, detail: { people: scope.people.map((person) => person.id), erased } },
      now,
    );
    return { receipt, erased, personIds: scope.people.map((person) => person.id) };
  });
  // Earlier receipts name the people erased before (a later call may only have found a new invite to the address).
  const receipts = await db.selectFrom('audit_log').selectAll().where('site_id', '=', site.id).where('action', '=', 'person.anonymize').where('subject', '=', subject).orderBy('id', 'desc').execute();
  const details = receipts.map((receipt) => JSON.parse(receipt.detail ?? '{}') as { people?: string[]; erased?: Record<string, number> });
  const personIds = [...new Set([...(outcome?.personIds ?? []), ...details.flatMap((detail) => detail.people ?? [])])];
  if (outcome) return { people: await peopleOf(db, personIds), erased: outcome.erased, receipt: outcome.receipt, changed: true };
  const latest = receipts[0];
  if (!latest) return undefined;
  return { people: await peopleOf(db, personIds), erased: details[0]?.erased ?? {}, receipt: latest, changed: false };
}

/** What identifies the person in copied text: addresses, IPs, visitor uuids, user agents, names, customer ids. */
function personalValuesOf(scope: ErasureScope, replacementEmail: string): PersonalValues {
  const fullNames = scope.people.map((person) => [person.first_name, person.last_name].filter(Boolean).join(' '));
  const ofPerson = [...scope.people.flatMap((person) => [person.first_name, person.last_name, person.customer_id]), ...fullNames].filter((value): value is string => !!value);
  return { emails: scope.emails, replacementEmail, exact: [...scope.ipAddresses, ...scope.visitorUuids, ...scope.userAgents], ofPerson };
}

/** Scrubs every copy of the person's values in payloads, logs and notes; answers counts and the outbox messages touched. */
async function scrubCopies(trx: Kysely<Database>, siteId: string, values: PersonalValues, subjectIds: string[]): Promise<{ counts: Record<string, number>; outboxIds: string[] }> {
  // Rows are found by what is distinctive (addresses, IPs, uuids, customer ids) or by what they are
  // about (a web hook or mail of the person's referral, reward, share or invite); names alone are too common to search by.
  const customerIds = values.ofPerson.filter((value) => /\d/.test(value) && value.length >= 4);
  const needles = [...values.emails, ...values.exact.filter((value) => value.length >= 4), ...customerIds];
  const counts: Record<string, number> = {};
  const outboxIds: string[] = [];
  for (const target of SCRUBBABLE_COLUMNS) {
    for (const row of await rowsHolding(trx, siteId, target, needles, subjectIds)) {
      const text = target.json ? scrubJsonText(row.text, values) : scrubText(row.text, values);
      if (text === row.text) continue;
      await writeScrubbed(trx, target, row.id, text);
      const key = `${target.table}.${target.column}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (target.table === 'outbox_messages') outboxIds.push(row.id);
    }
  }
  return { counts, outboxIds };
}

/** The rows a web hook, mail or event about the person names as its subject. */
async function subjectIdsOf(trx: Kysely<Database>, scope: ErasureScope): Promise<string[]> {
  const personIds = scope.people.map((person) => person.id);
  if (personIds.length === 0) return [...scope.shareIds];
  const referrals = await trx
    .selectFrom('referrals')
    .select('id')
    .where((eb) => eb.or([eb('advocate_person_id', 'in', personIds), eb('friend_person_id', 'in', personIds)]))
    .execute();
  const rewards = await trx.selectFrom('rewards').select('id').where('person_id', 'in', personIds).execute();
  const recipients = scope.shareIds.length === 0 ? [] : await trx.selectFrom('share_recipients').select('id').where('share_id', 'in', scope.shareIds).execute();
  return [...referrals, ...rewards, ...recipients].map((row) => row.id).concat(scope.shareIds, scope.offerIds, scope.originIds);
}

async function peopleOf(db: Kysely<Database>, ids: readonly string[]): Promise<PersonRow[]> {
  const people = await Promise.all(ids.map((id) => findPerson(db, id)));
  return people.filter((person): person is PersonRow => person !== undefined);
}
