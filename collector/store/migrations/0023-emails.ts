import { sql, type Kysely } from 'kysely';

/**
 * The emails Vouch sends on its own (the reward notice, and later kinds named "email.…") go out
 * at most once per subject: a unique index on the outbox's (event_type, subject_id) for those
 * event types, so a job that runs on several instances, or again after a restart, cannot write a
 * second message for the same reward. Invites (email_share.invite) are not covered: each has a
 * subject of its own already.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index outbox_messages_one_email_idx on outbox_messages (event_type, subject_id) where event_type like 'email.%'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_one_email_idx').execute();
}
