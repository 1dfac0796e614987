import type { Kysely } from 'kysely';

/**
 * A/B experiments: `offers.variant_id` names the variant an offer was made in (null: no
 * experiment ran), written once when the offer is made; its shares, claims and referrals are
 * the offer's, so they are joined to it, not copied. The indexes serve the results' grouped
 * counts: offers by site and variant, and referrals by the offer that made them (shares and
 * claims already have one by offer). A nullable column added in place: no table is rebuilt, so
 * SQLite's triggers stay.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offers').addColumn('variant_id', 'text').execute();
  await db.schema.createIndex('offers_site_variant_idx').on('offers').columns(['site_id', 'variant_id']).execute();
  await db.schema.createIndex('referrals_advocate_offer_idx').on('referrals').column('advocate_offer_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_advocate_offer_idx').execute();
  await db.schema.dropIndex('offers_site_variant_idx').execute();
  await db.schema.alterTable('offers').dropColumn('variant_id').execute();
}
