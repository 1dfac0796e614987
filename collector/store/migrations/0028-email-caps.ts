import type { Kysely } from 'kysely';

/**
 * The daily caps on the emails Vouch sends on its own (`emails.max_per_person_per_day`,
 * `emails.max_per_site_per_day`): how many each site has written per UTC day, in all
 * (recipient_key '') and per address (a keyed hash of it, not the address: the row outlives no
 * day it counts, and holds nothing to erase). Counting by a conditional update of one row keeps
 * the cap exact when several instances write at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_daily_counts')
    .addColumn('site_id', 'text', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('recipient_key', 'text', (col) => col.notNull())
    .addColumn('sent', 'integer', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('email_daily_counts_pkey', ['site_id', 'day', 'recipient_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_daily_counts').execute();
}
