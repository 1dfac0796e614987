import type { Kysely } from 'kysely';

/**
 * Coupon requests: the codes Vouch asked the shop to create with the Create Coupon web hook. A
 * code enters the pool only once its web hook was answered 2xx (added_at set, with the code the
 * shop answered or Vouch's), once however often the web hook is redelivered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coupon_requests')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('added_code', 'text')
    .addColumn('added_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // The top-up rule counts a pool's requests still waiting for their answer.
  await db.schema.createIndex('coupon_requests_waiting_idx').on('coupon_requests').columns(['site_id', 'kind', 'added_at']).execute();
  // ... and the codes a pool handed out lately.
  await db.schema.createIndex('coupon_codes_used_idx').on('coupon_codes').columns(['site_id', 'kind', 'used_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('coupon_codes_used_idx').execute();
  await db.schema.dropIndex('coupon_requests_waiting_idx').execute();
  await db.schema.dropTable('coupon_requests').execute();
}
