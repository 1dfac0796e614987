import { sql, type Kysely } from 'kysely';
import type { Database } from './tables';

/**
 * The retention sweeps: each clears one kind of personal detail from at most `limit` rows of a
 * site created before `before`, and answers how many it cleared. Every statement only touches
 * rows still holding the detail, so instances sweeping together share the work and a row is
 * never cleared twice; a full batch tells the caller to go on.
 */

/** IP addresses (and with them origins' network hashes, clicks' networks and user agents) of origins, shares and clicks. */
export async function clearOldIpAddresses(db: Kysely<Database>, siteId: string, before: string, limit: number): Promise<number> {
  let cleared = 0;
  const origins = await db
    .updateTable('origins')
    .set({ ip_address: null, network_prefix_hash: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('origins')
        .select('id')
        .where('site_id', '=', siteId)
        .where('created_at', '<', before)
        .where((inner) => inner.or([inner('ip_address', 'is not', null), inner('network_prefix_hash', 'is not', null)]))
        .limit(limit),
    )
    .executeTakeFirst();
  cleared += Number(origins.numUpdatedRows);
  const shares = await db
    .updateTable('shares')
    .set({ ip_address: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('shares')
        .select('id')
        .where('offer_id', 'in', eb.selectFrom('offers').select('id').where('site_id', '=', siteId))
        .where('created_at', '<', before)
        .where('ip_address', 'is not', null)
        .limit(limit),
    )
    .executeTakeFirst();
  cleared += Number(shares.numUpdatedRows);
  const claims = await db
    .updateTable('claims')
    .set({ ip_address: null, network: null, user_agent: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('claims')
        .select('id')
        .where('site_id', '=', siteId)
        .where('created_at', '<', before)
        .where((inner) => inner.or([inner('ip_address', 'is not', null), inner('network', 'is not', null), inner('user_agent', 'is not', null)]))
        .limit(limit),
    )
    .executeTakeFirst();
  cleared += Number(claims.numUpdatedRows);
  return cleared;
}

/**
 * Visitor uuids, and the device id hashes kept beside them, of origins, shares and clicks: a
 * click's uuid becomes "expired:<id>", which no browser holds, so it still counts but attributes nothing.
 */
export async function clearOldVisitorUuids(db: Kysely<Database>, siteId: string, before: string, limit: number): Promise<number> {
  const origins = await db
    .updateTable('origins')
    .set({ visitor_uuid: null, device_id_hash: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('origins')
        .select('id')
        .where('site_id', '=', siteId)
        .where('created_at', '<', before)
        .where((inner) => inner.or([inner('visitor_uuid', 'is not', null), inner('device_id_hash', 'is not', null)]))
        .limit(limit),
    )
    .executeTakeFirst();
  const shares = await db
    .updateTable('shares')
    .set({ device_id_hash: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('shares')
        .select('id')
        .where('offer_id', 'in', eb.selectFrom('offers').select('id').where('site_id', '=', siteId))
        .where('created_at', '<', before)
        .where('device_id_hash', 'is not', null)
        .limit(limit),
    )
    .executeTakeFirst();
  const claims = await db
    .updateTable('claims')
    .set({ visitor_uuid: sql<string>`cast(${'expired:'} as text) || id`, device_id_hash: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('claims')
        .select('id')
        .where('site_id', '=', siteId)
        .where('created_at', '<', before)
        .where((inner) => inner.or([inner('visitor_uuid', 'not like', 'expired:%'), inner('device_id_hash', 'is not', null)]))
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(origins.numUpdatedRows) + Number(shares.numUpdatedRows) + Number(claims.numUpdatedRows);
}

/** The keyed hashes of origins' shipping addresses and postcodes. */
export async function clearOldShippingHashes(db: Kysely<Database>, siteId: string, before: string, limit: number): Promise<number> {
  const origins = await db
    .updateTable('origins')
    .set({ shipping_address_hash: null, shipping_zip_hash: null })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('origins')
        .select('id')
        .where('site_id', '=', siteId)
        .where('created_at', '<', before)
        .where((inner) => inner.or([inner('shipping_address_hash', 'is not', null), inner('shipping_zip_hash', 'is not', null)]))
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(origins.numUpdatedRows);
}

/**
 * The same details in the copies web hooks carried: delivered (or given up) outbox messages and
 * event log entries of the site older than `before` lose every value of the keys.
 */
export async function clearOldPayloadKeys(db: Kysely<Database>, siteId: string, before: string, keys: readonly string[], limit: number): Promise<number> {
  const holdsAKey = (column: 'payload') => sql<boolean>`(${sql.join(keys.map((key) => sql`${sql.ref(column)} like ${`%"${key}":"%`}`), sql` or `)})`;
  let cleared = 0;
  const messages = await db
    .selectFrom('outbox_messages')
    .select(['id', 'payload'])
    .where('site_id', '=', siteId)
    .where('created_at', '<', before)
    .where('status', '!=', 'pending')
    .where(holdsAKey('payload'))
    .limit(limit)
    .execute();
  for (const message of messages) {
    const payload = withoutKeys(message.payload, keys);
    if (payload === message.payload) continue;
    await db.updateTable('outbox_messages').set({ payload }).where('id', '=', message.id).execute();
    cleared++;
  }
  const events = await db.selectFrom('events').select(['id', 'payload']).where('site_id', '=', siteId).where('created_at', '<', before).where(holdsAKey('payload')).limit(limit).execute();
  for (const event of events) {
    const payload = withoutKeys(event.payload, keys);
    if (payload === event.payload) continue;
    await db.updateTable('events').set({ payload }).where('id', '=', event.id).execute();
    cleared++;
  }
  return cleared;
}

/** A JSON text with every string value of the keys, at any depth, set to null. */
function withoutKeys(text: string, keys: readonly string[]): string {
  const clear = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clear);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, keys.includes(key) && typeof item === 'string' ? null : clear(item)]));
    }
    return value;
  };
  try {
    return JSON.stringify(clear(JSON.parse(text)));
  } catch {
    // Not JSON: nothing of a key to find; a copy of the text changes nothing.
    return text;
  }
}
