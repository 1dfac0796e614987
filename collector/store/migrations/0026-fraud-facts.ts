import type { Kysely } from 'kysely';

/**
 * What the fraud signals compare, kept only as keyed hashes where equality is all they need:
 * - `origins.shipping_address_hash`, `origins.shipping_zip_hash`: the purchase's shipping
 *   address and postcode (Talkable's `shipping_address`, `shipping_zip`), normalised first;
 * - `origins.network_prefix_hash`: the origin's network (IPv4 /24, IPv6 /48), with an index by
 *   site, network and time, for the friends' purchases from one network in a day;
 * - `origins.device_id_hash`, `shares.device_id_hash`, `claims.device_id_hash`: the first-party
 *   device id the widget keeps beside the visitor uuid;
 * - `claims.referrer`: the origin (scheme and host) of the page a friend clicked the link on;
 * - an index of clicks by offer and time, and one of origins by coupon code and time, for the
 *   distinct friends of one link or friend coupon in a window (a leaked code has a long history).
 * Nullable columns and indexes added in place: no table is rebuilt, so SQLite's triggers stay.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['shipping_address_hash', 'shipping_zip_hash', 'network_prefix_hash', 'device_id_hash']) {
    await db.schema.alterTable('origins').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('shares').addColumn('device_id_hash', 'text').execute();
  await db.schema.alterTable('claims').addColumn('device_id_hash', 'text').execute();
  await db.schema.alterTable('claims').addColumn('referrer', 'text').execute();
  await db.schema.createIndex('origins_site_network_idx').on('origins').columns(['site_id', 'network_prefix_hash', 'created_at']).execute();
  await db.schema.createIndex('claims_offer_created_idx').on('claims').columns(['offer_id', 'created_at']).execute();
  await db.schema.createIndex('origins_site_coupon_created_idx').on('origins').columns(['site_id', 'coupon_code', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('origins_site_coupon_created_idx').execute();
  await db.schema.dropIndex('claims_offer_created_idx').execute();
  await db.schema.dropIndex('origins_site_network_idx').execute();
  await db.schema.alterTable('claims').dropColumn('referrer').execute();
  await db.schema.alterTable('claims').dropColumn('device_id_hash').execute();
  await db.schema.alterTable('shares').dropColumn('device_id_hash').execute();
  for (const column of ['device_id_hash', 'network_prefix_hash', 'shipping_zip_hash', 'shipping_address_hash']) {
    await db.schema.alterTable('origins').dropColumn(column).execute();
  }
}
