import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findOutboxMessage, requeueOutboxMessage } from '../store/outbox.repository';
import type { Database, OutboxKind, OutboxMessageRow } from '../store/tables';
import { enableEndpoint } from '../store/webhook-endpoint.repository';
import { writeTransaction } from '../store/write-transaction';
import { recordAudit, type Actor } from './audit-log';

/**
 * The outbox kinds listed and redelivered as deliveries: web hooks, and the requests that create
 * codes in the shop (a code that failed is put right the same way, once the credentials are).
 */
export const DELIVERY_KINDS: readonly OutboxKind[] = ['webhook', 'shop_coupon'];

/**
 * Sends a web hook delivery (or a shop code request) again now, with a fresh retry window and the same webhook-id, and
 * turns its URL back on if a 410 Gone had disabled it: the API's redelivery and the console's.
 * A console user's redelivery is audited in the same transaction (the API's caller holds the
 * site's key and has no name to record). Answers the requeued message, or why not (each API
 * answers that in its own words); the caller wakes the outbox.
 */
export async function redeliverWebhook(
  db: Kysely<Database>,
  site: Site,
  id: string,
  actor: Actor | null,
  now: Date,
): Promise<{ requeued: OutboxMessageRow } | { refused: 'not_found' | 'in_flight' }> {
  return writeTransaction(db, async (trx) => {
    const message = await findOutboxMessage(trx, site.id, id);
    if (!message || !DELIVERY_KINDS.includes(message.kind)) return { refused: 'not_found' };
    const endpointUrl = message.kind === 'webhook' ? (message.endpoint_url ?? site.webhook_url) : null;
    if (endpointUrl) await enableEndpoint(trx, site.id, endpointUrl);
    if (!(await requeueOutboxMessage(trx, message.id, now))) {
      return { refused: 'in_flight' };
    }
    if (actor) await recordAudit(trx, { actor, action: 'webhook.redeliver', siteId: site.id, subject: `${message.event_type} ${message.id}` }, now);
    return { requeued: (await findOutboxMessage(trx, site.id, id))! };
  });
}
