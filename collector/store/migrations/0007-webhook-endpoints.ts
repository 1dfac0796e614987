import type { Kysely } from 'kysely';

/**
 * Several web hook endpoints per site: each web hook message names the endpoint it goes to, so
 * an endpoint that is down or disabled holds up only its own messages. Messages written before
 * have none and go to the site's webhook_url, as they did.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('endpoint_url', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').dropColumn('endpoint_url').execute();
}
