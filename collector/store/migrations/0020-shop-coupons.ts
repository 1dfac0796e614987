import type { Kysely } from 'kysely';

/**
 * Shop coupons: the codes Vouch generated for a site whose shop connector has admin credentials,
 * and whether the shop has them yet. A code is written "pending" with the outbox message that
 * creates it through the platform's admin API, and turns "ready" in the transaction that records
 * the platform's answer; answers that show a code show it only then.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shop_coupons')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('side', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('reward_id', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('shop_reference', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('ready_at', 'text')
    .addUniqueConstraint('shop_coupons_site_code_unique', ['site_id', 'code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shop_coupons').execute();
}
