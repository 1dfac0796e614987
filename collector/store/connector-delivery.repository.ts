import type { Kysely } from 'kysely';
import type { ConnectorDeliveryRow, Database } from './tables';

/** Whether the site's connector for this platform already handled the delivery: a retry or a replay. */
export async function connectorDeliverySeen(db: Kysely<Database>, siteId: string, platform: string, deliveryId: string): Promise<boolean> {
  const row = await db
    .selectFrom('connector_deliveries')
    .select('delivery_id')
    .where('site_id', '=', siteId)
    .where('platform', '=', platform)
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Remembers a handled delivery, after what it wrote is committed: a crash in between leaves the
 * delivery unremembered, and the platform's retry does the same idempotent work again. The
 * first of two racing copies is the one kept.
 */
export async function recordConnectorDelivery(db: Kysely<Database>, row: ConnectorDeliveryRow): Promise<void> {
  await db
    .insertInto('connector_deliveries')
    .values(row)
    .onConflict((conflict) => conflict.columns(['site_id', 'platform', 'delivery_id']).doNothing())
    .execute();
}

/** Remembers which origin a platform's own id stands for; the first mapping of an id is kept. */
export async function recordConnectorReference(db: Kysely<Database>, siteId: string, platform: string, reference: string, originKey: string, at: string): Promise<void> {
  await db
    .insertInto('connector_references')
    .values({ site_id: siteId, platform, reference, origin_key: originKey, created_at: at })
    .onConflict((conflict) => conflict.columns(['site_id', 'platform', 'reference']).doNothing())
    .execute();
}

/** The origin key a platform's own id stands for, if a delivery named it before. */
export async function originKeyOfReference(db: Kysely<Database>, siteId: string, platform: string, reference: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('connector_references')
    .select('origin_key')
    .where('site_id', '=', siteId)
    .where('platform', '=', platform)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row?.origin_key;
}
