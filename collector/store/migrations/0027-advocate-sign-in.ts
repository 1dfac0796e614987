import type { Kysely } from 'kysely';

/**
 * The advocate dashboard's sign-in links: one row per link mailed, holding only the SHA-256 of
 * its token (reading the store signs nobody in), when it stops working, and when it was used:
 * a link opens the dashboard once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('advocate_sign_in_links')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull())
    .addColumn('person_id', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // How many links an address asked for lately: the per-address limit counts them.
  await db.schema.createIndex('advocate_sign_in_links_person_idx').on('advocate_sign_in_links').columns(['person_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('advocate_sign_in_links').execute();
}
