import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { Database } from '../store/tables';
import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { ListEndpointsQuery, SampleBody, SampleParams } from '../schemas/webhook-endpoint.schema';
import { attemptsOf, findOutboxMessage } from '../store/outbox.repository';
import { findDisabledEndpoint } from '../store/webhook-endpoint.repository';
import { deliverSampleWebhook, type SampleRefusal } from '../domain/webhook-sample-delivery';
import { typesOf } from '../webhooks/webhook-fan-out';
import { deliveryView } from './webhook-deliveries';

/** The site's configured web hook endpoints, and Talkable's "Deliver Sample" for each. */
export function registerWebhookEndpointRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/webhook_endpoints',
      summary:
        "The site's web hook endpoints as configured: id, url, the subscriptions (events) and the types they bring, format, the form format's constant key, and whether a 410 Gone disabled it. Never the secret.",
      tag: 'Web hooks',
      access: 'secret',
      query: ListEndpointsQuery,
    },
    async (c, { site }) => {
      const endpoints = await endpointsView(c.var.services.db, site);
      return c.json({ ok: true, result: { endpoints } });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/v2/webhook_endpoints/:id/sample',
      summary:
        "Deliver a sample web hook of a type the endpoint subscribes to (Talkable's Deliver Sample): Talkable's sample values in the shape of a real delivery, marked sample: true, through the outbox. Re-enables an endpoint a 410 Gone disabled.",
      tag: 'Web hooks',
      access: 'secret',
      params: SampleParams,
      body: SampleBody,
      successStatus: 202,
    },
    async (c, { params: { id }, body: { type }, site }) => {
      const { services } = c.var;
      const sample = await deliverSampleWebhook(services.db, site, { endpointId: id, type }, null, new Date());
      if ('refused' in sample) throw sampleRefusal(sample, type);
      const { messageId } = sample;
      // Read before the worker is woken, so the answer shows the delivery pending.
      const message = (await findOutboxMessage(services.db, site.id, messageId))!;
      const delivery = deliveryView(message, await attemptsOf(services.db, [messageId]));
      services.wakeOutbox();
      return c.json({ ok: true, result: { delivery } }, 202);
    },
  );
}

/** Why a sample was refused, as both APIs answer it. */
export function sampleRefusal(refusal: SampleRefusal, type: string): ApiError {
  if (refusal.refused === 'endpoint_not_found') return ApiError.notFound('id', 'web hook endpoint');
  // As Talkable, where a web hook is of one type and its sample is of that type: a receiver gets no type it did not ask for.
  if (refusal.refused === 'type_not_subscribed') {
    return new ApiError(422, 'type_not_subscribed', `type ${type} is not one this endpoint subscribes to`, [
      { field: 'type', message: `must be one of the endpoint's types: ${refusal.types.join(', ')}` },
    ]);
  }
  return new ApiError(422, 'invalid_field', `type ${type} has no sample`, [{ field: 'type', message: 'has no sample' }]);
}

/** The site's endpoints as both APIs show them: never a secret. */
export async function endpointsView(db: Kysely<Database>, site: Site) {
  const endpoints = [];
  for (const endpoint of site.webhook_endpoints) {
    const disabled = await findDisabledEndpoint(db, site.id, endpoint.url);
    endpoints.push({
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      types: typesOf(endpoint),
      format: endpoint.format,
      // The receiver compares it with what it holds: shown to the key's holder, as Talkable's set-up page shows it.
      key: endpoint.format === 'form' ? endpoint.key : null,
      disabled: disabled ? { at: disabled.disabled_at, reason: disabled.disabled_reason } : null,
    });
  }
  return endpoints;
}
