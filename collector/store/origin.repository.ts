import type { Kysely } from 'kysely';
import type { Database, OriginRow } from './tables';

/**
 * Inserts the origin unless one with the same idempotency key exists for the site; either
 * way returns the stored row. The unique constraint decides, so concurrent posts of the same
 * order cannot both insert.
 */
export async function insertOriginOnce(db: Kysely<Database>, row: OriginRow): Promise<{ origin: OriginRow; created: boolean }> {
  const inserted = await db
    .insertInto('origins')
    .values(row)
    .onConflict((oc) => oc.columns(['site_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { origin: row, created: true };
  const existing = await db
    .selectFrom('origins')
    .selectAll()
    .where('site_id', '=', row.site_id)
    .where('idempotency_key', '=', row.idempotency_key)
    .executeTakeFirstOrThrow();
  return { origin: existing, created: false };
}

/** The origin behind a row id. */
export async function findOrigin(db: Kysely<Database>, id: string): Promise<OriginRow | undefined> {
  return db.selectFrom('origins').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the person had a Purchase stored before the given time (the friend-must-be-new rule). */
export async function hasPurchaseBefore(db: Kysely<Database>, personId: string, before: string, exceptOriginId: string): Promise<boolean> {
  const row = await db
    .selectFrom('origins')
    .select('id')
    .where('person_id', '=', personId)
    .where('type', '=', 'Purchase')
    .where('created_at', '<', before)
    .where('id', '!=', exceptOriginId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether any origin of the person carried this visitor uuid. */
export async function personUsedVisitorUuid(db: Kysely<Database>, siteId: string, personId: string, visitorUuid: string): Promise<boolean> {
  const row = await db
    .selectFrom('origins')
    .select('id')
    .where('site_id', '=', siteId)
    .where('visitor_uuid', '=', visitorUuid)
    .where('person_id', '=', personId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
