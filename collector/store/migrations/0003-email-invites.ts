import type { Kysely } from 'kysely';

/** Email invites: the per-site suppression list, and the indexes the invite limits and email attribution ask. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_suppressions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    // An address is suppressed once per site, however often it clicks unsubscribe.
    .addUniqueConstraint('email_suppressions_site_email_unique', ['site_id', 'email'])
    .execute();
  // The per-IP-per-hour limit counts a caller's recent shares.
  await db.schema.createIndex('shares_ip_idx').on('shares').columns(['ip_address', 'created_at']).execute();
  // Attribution by email: the newest invite sent to a friend's address.
  await db.schema.createIndex('claim_links_recipient_idx').on('claim_links').columns(['recipient_email', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('claim_links_recipient_idx').execute();
  await db.schema.dropIndex('shares_ip_idx').execute();
  await db.schema.dropTable('email_suppressions').execute();
}
