import type { Kysely } from 'kysely';

/**
 * What Talkable's people API lets the merchant's server set on a person: a username (another
 * name the person is looked up by) and when they opted in to marketing mail (sub_choice).
 * Unsubscribing stays on the suppression list, which every mail already checks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('username', 'text').execute();
  await db.schema.alterTable('people').addColumn('opted_in_at', 'text').execute();
  await db.schema.createIndex('people_site_username').on('people').columns(['site_id', 'username']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_site_username').execute();
  await db.schema.alterTable('people').dropColumn('opted_in_at').execute();
  await db.schema.alterTable('people').dropColumn('username').execute();
}
