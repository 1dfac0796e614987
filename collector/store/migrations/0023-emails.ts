import { sql, type Kysely } from 'kysely';

/**
 * What the emails Vouch sends on its own need: whether an email share asked for a reminder
 * (`shares.reminder`), and at most one of each such email per subject (the reward notice and the friend
 * reminder, event types "email.…"): a unique index on the outbox's (event_type, subject_id) for those
 * event types, so a job that runs on several instances, or again after a restart, cannot write a
 * second message for the same reward. Invites (email_share.invite) are not covered: each has a
 * subject of its own already.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Talkable's `reminder` on an email share: whether its friends get one reminder if they do not click (0 for shares made before).
  await db.schema.alterTable('shares').addColumn('reminder', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await sql`create unique index outbox_messages_one_email_idx on outbox_messages (event_type, subject_id) where event_type like 'email.%'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_one_email_idx').execute();
  await db.schema.alterTable('shares').dropColumn('reminder').execute();
}
