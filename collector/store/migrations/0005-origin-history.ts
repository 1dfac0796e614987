import type { Kysely } from 'kysely';

/**
 * What the merchant's server said, apart from what a browser claimed:
 * - what happened to an origin after it was first stored: a browser's report of an order that the
 *   merchant's server then confirmed ("verified") or replaced with another customer's
 *   ("superseded"); the superseded origin keeps its row, out of the order's idempotency key;
 * - whether a person's names came from the merchant (`people.names_vouched`), since only those
 *   go into mail sent in the shop's name;
 * - whether what tied a referral's friend to the advocate was the merchant's word
 *   (`referrals.attribution_verified`);
 * - the network each claim came from (`claims.network`: an IPv4 address, or an IPv6 /64), the
 *   unit click thresholds count.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('origin_changes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('origin_id', 'text', (col) => col.notNull().references('origins.id'))
    .addColumn('change', 'text', (col) => col.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('origin_changes_origin_idx').on('origin_changes').columns(['origin_id', 'created_at']).execute();
  await db.schema.alterTable('origins').addColumn('superseded_by', 'text').execute();
  await db.schema.alterTable('people').addColumn('names_vouched', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  // People reported with the secret key before this migration: their names came from the merchant.
  await db.updateTable('people').set({ names_vouched: 1 }).where('id', 'in', db.selectFrom('origins').select('person_id').where('verified', '=', 1)).execute();
  await db.schema.alterTable('referrals').addColumn('attribution_verified', 'integer', (col) => col.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('claims').addColumn('network', 'text').execute();
  await db.updateTable('claims').set((eb) => ({ network: eb.ref('ip_address') })).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('claims').dropColumn('network').execute();
  await db.schema.alterTable('referrals').dropColumn('attribution_verified').execute();
  await db.schema.alterTable('people').dropColumn('names_vouched').execute();
  await db.schema.alterTable('origins').dropColumn('superseded_by').execute();
  await db.schema.dropTable('origin_changes').execute();
}
