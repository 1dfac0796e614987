import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { forgetDailyEmailCountsBefore, giveBackDailyEmailSlot, takeDailyEmailSlot, type DailyEmailCounter } from '../store/email-daily-count.repository';
import { insertEmailOnce, skipOutboxMessage } from '../store/outbox.repository';
import { suppressedAmong } from '../store/suppression.repository';
import type { Database } from '../store/tables';
import { writeTransaction } from '../store/write-transaction';

/** What became of an email Vouch sends on its own: written to go, written as skipped by a cap, or there already. */
export type OwnEmailOutcome = 'written' | 'capped' | 'exists';

/** Why a capped email was not sent, as its outbox message records it. */
export const PERSON_CAP_REASON = 'skipped: this address has had emails.max_per_person_per_day of the emails Vouch sends on its own today (UTC)';
export const SITE_CAP_REASON = 'skipped: the site has sent emails.max_per_site_per_day of the emails Vouch sends on its own today (UTC)';

/**
 * Writes one of the emails Vouch sends on its own (event type "email.…") to the outbox, at most
 * once per subject, within the site's daily caps. The email and its place under the caps are
 * written in one transaction: one that passes a cap is still written, as skipped with the cap
 * that stopped it, so it is never sent later and the console shows why. An address on the
 * suppression list takes no place: the mail handler suppresses its email.
 */
export async function enqueueOwnEmail(
  db: Kysely<Database>,
  site: Site,
  message: { event_type: `email.${string}`; subject_id: string; to: string; payload: string },
  now: Date,
): Promise<OwnEmailOutcome> {
  const day = now.toISOString().slice(0, 10);
  return writeTransaction(db, async (trx) => {
    const id = await insertEmailOnce(trx, { site_id: site.id, event_type: message.event_type, subject_id: message.subject_id, payload: message.payload }, now);
    if (id === null) return 'exists';
    if ((await suppressedAmong(trx, site.id, [message.to])).size > 0) return 'written';
    await forgetDailyEmailCountsBefore(trx, site.id, day);
    const person: DailyEmailCounter = { siteId: site.id, day, recipientKey: recipientKey(site, message.to) };
    if (!(await takeDailyEmailSlot(trx, person, site.emails.max_per_person_per_day))) {
      await skipOutboxMessage(trx, id, PERSON_CAP_REASON, now);
      return 'capped';
    }
    if (!(await takeDailyEmailSlot(trx, { siteId: site.id, day, recipientKey: '' }, site.emails.max_per_site_per_day))) {
      await giveBackDailyEmailSlot(trx, person);
      await skipOutboxMessage(trx, id, SITE_CAP_REASON, now);
      return 'capped';
    }
    return 'written';
  });
}

/** The address as the per-person counter names it: keyed by the site's secret, so the count holds no address anyone could read back. */
function recipientKey(site: Site, email: string): string {
  return createHmac('sha256', site.api_key).update(`email-cap:${email.trim().toLowerCase()}`).digest('hex').slice(0, 32);
}
