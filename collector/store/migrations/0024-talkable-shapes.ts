import { sql, type Kysely } from 'kysely';

/**
 * What the rest of Talkable's origin and offer shapes need stored:
 * - `origins.traffic_source`: the point of integration the merchant named for an origin
 *   (Talkable's `traffic_source`, e.g. "post-checkout"), answered back and carried by web hooks;
 * - one sharing link per offer and channel: a unique index on the links made for a channel (not
 *   for one invited friend), so two calls naming the same custom channel at once get one link.
 * A nullable column and an index added in place: no table is rebuilt, so SQLite's triggers stay.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('origins').addColumn('traffic_source', 'text').execute();
  await db.schema
    .createIndex('claim_links_offer_channel_unique')
    .on('claim_links')
    .columns(['offer_id', 'channel'])
    .unique()
    .where(sql.ref('recipient_email'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('claim_links_offer_channel_unique').execute();
  await db.schema.alterTable('origins').dropColumn('traffic_source').execute();
}
