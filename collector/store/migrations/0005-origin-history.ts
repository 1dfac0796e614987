import type { Kysely } from 'kysely';

/**
 * What happened to an origin after it was first stored: a browser's report of an order that the
 * merchant's server then confirmed ("verified") or replaced with another customer's
 * ("superseded"). The superseded origin keeps its row, out of the order's idempotency key.
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
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('origins').dropColumn('superseded_by').execute();
  await db.schema.dropTable('origin_changes').execute();
}
