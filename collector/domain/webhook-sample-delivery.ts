import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { Database } from '../store/tables';
import { enableEndpoint } from '../store/webhook-endpoint.repository';
import { writeTransaction } from '../store/write-transaction';
import { enqueueSampleWebhook, hasSample } from '../webhooks/sample-webhook';
import { typesOf } from '../webhooks/webhook-fan-out';
import { recordAudit, type Actor } from './audit-log';

export type SampleRefusal = { refused: 'endpoint_not_found' } | { refused: 'type_not_subscribed' | 'no_sample'; types: string[] };

/**
 * Talkable's "Deliver Sample" for one endpoint, from the API or the console: a sample of a type
 * the endpoint subscribes to (a receiver gets no type it did not ask for), through the outbox. The
 * merchant asks for a delivery to this endpoint, as a redelivery does: it turns the endpoint back
 * on. A console user's request is audited in the same transaction. The caller wakes the outbox.
 */
export async function deliverSampleWebhook(
  db: Kysely<Database>,
  site: Site,
  request: { endpointId: string; type: string },
  actor: Actor | null,
  now: Date,
): Promise<{ messageId: string } | SampleRefusal> {
  const endpoint = site.webhook_endpoints.find((candidate) => candidate.id === request.endpointId);
  if (!endpoint) return { refused: 'endpoint_not_found' };
  const types = typesOf(endpoint);
  if (!types.includes(request.type)) return { refused: 'type_not_subscribed', types };
  if (!hasSample(request.type)) return { refused: 'no_sample', types };
  return writeTransaction(db, async (trx) => {
    await enableEndpoint(trx, site.id, endpoint.url);
    const messageId = await enqueueSampleWebhook(trx, site, endpoint, request.type, now);
    if (actor) await recordAudit(trx, { actor, action: 'webhook.sample', siteId: site.id, subject: `${request.type} to ${endpoint.url}` }, now);
    return { messageId };
  });
}
