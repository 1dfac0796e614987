import type { Kysely } from 'kysely';
import { newId } from './ids';
import type { Database, WebhookEndpointStateRow } from './tables';

/** The disabled state of a site's web hook URL, or undefined while it is enabled. */
export async function findDisabledEndpoint(db: Kysely<Database>, siteId: string, url: string): Promise<WebhookEndpointStateRow | undefined> {
  return db.selectFrom('webhook_endpoint_states').selectAll().where('site_id', '=', siteId).where('url', '=', url).executeTakeFirst();
}

/** Turns a web hook URL off (the receiver answered 410 Gone). */
export async function disableEndpoint(db: Kysely<Database>, siteId: string, url: string, reason: string, now: Date): Promise<void> {
  await db
    .insertInto('webhook_endpoint_states')
    .values({ id: newId(), site_id: siteId, url, disabled_at: now.toISOString(), disabled_reason: reason })
    .onConflict((oc) => oc.columns(['site_id', 'url']).doNothing())
    .execute();
}

/** Turns a web hook URL back on (the merchant asked for a redelivery). */
export async function enableEndpoint(db: Kysely<Database>, siteId: string, url: string): Promise<void> {
  await db.deleteFrom('webhook_endpoint_states').where('site_id', '=', siteId).where('url', '=', url).execute();
}
