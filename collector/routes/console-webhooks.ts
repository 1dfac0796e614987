import type { DeliveryResult, WebhookDeliveryView, WebhooksResult } from '../contract/console-api';
import { deliverSampleWebhook } from '../domain/webhook-sample-delivery';
import { DELIVERY_KINDS, redeliverWebhook } from '../domain/webhook-redelivery';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleDeliveriesQuery, ConsoleDeliveryParams, ConsoleEndpointParams, ConsoleSampleBody, ConsoleSiteParams } from '../schemas/console.schema';
import { attemptsOf, findOutboxMessage, listOutboxMessages } from '../store/outbox.repository';
import type { OutboxAttemptRow, OutboxMessageRow } from '../store/tables';
import { maskSecret } from '../views/site-settings.view';
import { deliveryView, redeliveryRefusal } from './webhook-deliveries';
import { endpointsView, sampleRefusal } from './webhook-endpoints';

const DEFAULT_PAGE_SIZE = 20;

/**
 * The console's web hooks: the endpoints (never a secret), the deliveries with every attempt,
 * and, for owners, redelivery and Deliver Sample — the same domain steps as the API's, audited.
 */
export function registerConsoleWebhookRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/webhooks',
      summary: "The site's web hook endpoints and its deliveries, newest first, each with every attempt; filter by status.",
      access: 'console',
      params: ConsoleSiteParams,
      query: ConsoleDeliveriesQuery,
    },
    async (c, { site, query }) => {
      const { db } = c.var.services;
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const messages = await listOutboxMessages(db, { siteId: site.id, kind: DELIVERY_KINDS, status: query.status, before: query.cursor, limit });
      const attempts = await attemptsOf(db, messages.map((message) => message.id));
      const endpoints = (await endpointsView(db, site)).map((endpoint) => ({ ...endpoint, key: endpoint.key === null ? null : maskSecret(endpoint.key) }));
      const result: WebhooksResult = {
        endpoints,
        deliveries: messages.map((message) => consoleDelivery(message, attempts.filter((attempt) => attempt.message_id === message.id))),
        next_cursor: messages.length === limit ? messages.at(-1)!.id : null,
      };
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    {
      method: 'post',
      path: '/console/api/sites/:site/webhook-deliveries/:id/redeliver',
      summary: 'Sends a delivery again now (as POST /api/v2/webhook_deliveries/:id/redeliver), audited. Owners only.',
      access: 'console owner',
      params: ConsoleDeliveryParams,
    },
    async (c, { site, params, session }) => {
      const { services } = c.var;
      const redelivery = await redeliverWebhook(services.db, site, params.id, { userId: session.user.id, email: session.user.email }, services.console.now());
      if ('refused' in redelivery) throw redeliveryRefusal(redelivery.refused);
      // Read before the worker is woken, so the answer shows the delivery pending.
      const result: DeliveryResult = { delivery: consoleDelivery(redelivery.requeued, await attemptsOf(services.db, [params.id])) };
      services.wakeOutbox();
      return c.json({ ok: true, result }, 202);
    },
  );

  api.addConsole(
    {
      method: 'post',
      path: '/console/api/sites/:site/webhook-endpoints/:id/sample',
      summary: "Delivers a sample web hook of one of the endpoint's types (as POST /api/v2/webhook_endpoints/:id/sample), audited. Owners only.",
      access: 'console owner',
      params: ConsoleEndpointParams,
      body: ConsoleSampleBody,
    },
    async (c, { site, params, body, session }) => {
      const { services } = c.var;
      const sample = await deliverSampleWebhook(services.db, site, { endpointId: params.id, type: body.type }, { userId: session.user.id, email: session.user.email }, services.console.now());
      if ('refused' in sample) throw sampleRefusal(sample, body.type);
      const message = (await findOutboxMessage(services.db, site.id, sample.messageId))!;
      const result: DeliveryResult = { delivery: consoleDelivery(message, await attemptsOf(services.db, [sample.messageId])) };
      services.wakeOutbox();
      return c.json({ ok: true, result }, 202);
    },
  );
}

/** A delivery as the API shows it, without the payload: the page shows what happened to it, not what it said. */
function consoleDelivery(message: OutboxMessageRow, attempts: readonly OutboxAttemptRow[]): WebhookDeliveryView {
  const view = deliveryView(message, attempts);
  return {
    id: view.id,
    event_type: view.event_type,
    sample: view.sample,
    endpoint_url: view.endpoint_url,
    subject_id: view.subject_id,
    status: view.status,
    next_attempt_at: view.next_attempt_at,
    last_error: view.last_error,
    delivered_at: view.delivered_at,
    created_at: view.created_at,
    attempts: view.attempts,
  };
}
