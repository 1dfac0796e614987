import { sql, type Kysely } from 'kysely';
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

/**
 * Forgets up to `limit` handled deliveries received before `before`, oldest first; answers how
 * many. A platform retries for days at most: a delivery id older than that will not come back,
 * and if it did, what it names is idempotent anyway.
 */
export async function deleteConnectorDeliveriesBefore(db: Kysely<Database>, before: string, limit: number): Promise<number> {
  const result = await sql`
    delete from connector_deliveries where (site_id, platform, delivery_id) in (
      select site_id, platform, delivery_id from connector_deliveries where received_at < ${before} order by received_at limit ${limit}
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
