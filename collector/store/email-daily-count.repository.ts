import type { Kysely } from 'kysely';
import type { Database } from './tables';

/** The count of a site's emails on one UTC day: its total (recipientKey '') or one address's. */
export interface DailyEmailCounter {
  siteId: string;
  day: string;
  recipientKey: string;
}

/**
 * Counts one more email on the counter unless it has reached `max`; answers whether it did. The
 * conditional update is one statement on one row, so instances counting at once take turns and
 * the count never passes `max` (on PostgreSQL the waiting update re-reads the row it waited for).
 */
export async function takeDailyEmailSlot(db: Kysely<Database>, counter: DailyEmailCounter, max: number): Promise<boolean> {
  await db
    .insertInto('email_daily_counts')
    .values({ site_id: counter.siteId, day: counter.day, recipient_key: counter.recipientKey, sent: 0 })
    .onConflict((conflict) => conflict.columns(['site_id', 'day', 'recipient_key']).doNothing())
    .execute();
  const result = await db
    .updateTable('email_daily_counts')
    .set((eb) => ({ sent: eb('sent', '+', 1) }))
    .where('site_id', '=', counter.siteId)
    .where('day', '=', counter.day)
    .where('recipient_key', '=', counter.recipientKey)
    .where('sent', '<', max)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives back a slot taken in the same transaction, when the email it was for is not sent after all. */
export async function giveBackDailyEmailSlot(db: Kysely<Database>, counter: DailyEmailCounter): Promise<void> {
  await db
    .updateTable('email_daily_counts')
    .set((eb) => ({ sent: eb('sent', '-', 1) }))
    .where('site_id', '=', counter.siteId)
    .where('day', '=', counter.day)
    .where('recipient_key', '=', counter.recipientKey)
    .where('sent', '>', 0)
    .execute();
}

/** Drops a site's counters of days before `day`: a cap counts one day, and yesterday's counts cap nothing. */
export async function forgetDailyEmailCountsBefore(db: Kysely<Database>, siteId: string, day: string): Promise<void> {
  await db.deleteFrom('email_daily_counts').where('site_id', '=', siteId).where('day', '<', day).execute();
}
