import type { Kysely } from 'kysely';

/**
 * What the shop connectors (Shopify, WooCommerce, Stripe web hooks) remember:
 * - `connector_deliveries`: each platform delivery id already handled, so a platform's retry or
 *   replay of the same delivery writes nothing twice (and what it came to, for the log), kept as
 *   long as the event log keeps events — far longer than any platform retries;
 * - `connector_references`: the platform's own ids (a Shopify order id, a Stripe payment intent)
 *   that later deliveries name instead of the order, each with the origin it stands for, so a
 *   refund that names only the payment finds the Purchase or Event to undo.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connector_deliveries')
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('delivery_id', 'text', (col) => col.notNull())
    .addColumn('topic', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('connector_deliveries_pk', ['site_id', 'platform', 'delivery_id'])
    .execute();
  // The event log's retention forgets ids older than its period, oldest first.
  await db.schema.createIndex('connector_deliveries_received_idx').on('connector_deliveries').column('received_at').execute();
  await db.schema
    .createTable('connector_references')
    .addColumn('site_id', 'text', (col) => col.notNull().references('sites.id'))
    .addColumn('platform', 'text', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('origin_key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('connector_references_pk', ['site_id', 'platform', 'reference'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connector_references').execute();
  await db.schema.dropIndex('connector_deliveries_received_idx').execute();
  await db.schema.dropTable('connector_deliveries').execute();
}
