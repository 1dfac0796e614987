import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { DELIVERY_KINDS, redeliverWebhook } from '../domain/webhook-redelivery';
import { attemptsOf, listOutboxMessages } from '../store/outbox.repository';
import { ListDeliveriesQuery, RedeliverBody, RedeliverParams } from '../schemas/webhook-delivery.schema';
import type { OutboxAttemptRow, OutboxMessageRow } from '../store/tables';

const DEFAULT_PAGE_SIZE = 20;

/** The merchant's view of web hook deliveries, with every attempt, and redelivery. */
export function registerWebhookDeliveryRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/webhook_deliveries',
      summary:
        "The site's web hook deliveries (and the requests that create codes in its shop, event type shop_coupon.create), newest first, each with its payload and every attempt (time, HTTP status, response excerpt, error). Pass next_cursor as cursor for the next page.",
      tag: 'Web hooks',
      access: 'secret',
      query: ListDeliveriesQuery,
    },
    async (c, { query, site }) => {
      const { db } = c.var.services;
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const messages = await listOutboxMessages(db, { siteId: site.id, kind: DELIVERY_KINDS, status: query.status, before: query.cursor, limit });
      const attempts = await attemptsOf(db, messages.map((message) => message.id));
      const deliveries = messages.map((message) => deliveryView(message, attempts.filter((attempt) => attempt.message_id === message.id)));
      return c.json({ ok: true, result: { deliveries, next_cursor: messages.length === limit ? messages.at(-1)!.id : null } });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/v2/webhook_deliveries/:id/redeliver',
      summary:
        'Send a delivery again now, with a fresh 3-day retry window and the same webhook-id. Re-enables the web hook URL if a 410 Gone had disabled it.',
      tag: 'Web hooks',
      access: 'secret',
      params: RedeliverParams,
      body: RedeliverBody,
      successStatus: 202,
    },
    async (c, { params: { id }, site }) => {
      const { services } = c.var;
      const redelivery = await redeliverWebhook(services.db, site, id, null, new Date());
      if ('refused' in redelivery) throw redeliveryRefusal(redelivery.refused);
      // The answer shows the delivery as requeued; the outbox is woken only after it is read,
      // or a fast receiver could already have it delivered.
      const requeued = redelivery.requeued;
      const attempts = await attemptsOf(services.db, [id]);
      services.wakeOutbox();
      return c.json({ ok: true, result: { delivery: deliveryView(requeued, attempts) } }, 202);
    },
  );
}

/** Why a redelivery was refused, as both APIs answer it: 404 for a delivery the site does not have, 409 while an attempt is in flight. */
export function redeliveryRefusal(refused: 'not_found' | 'in_flight'): ApiError {
  if (refused === 'not_found') return ApiError.notFound('id', 'web hook delivery');
  return new ApiError(409, 'delivery_in_flight', 'this delivery is being attempted right now; try again in a moment', [{ field: 'id', message: 'has an attempt in flight' }]);
}

/** A delivery as the API shows it; `sample` is true for a sample delivery (its payload says `sample: true`). */
export function deliveryView(message: OutboxMessageRow, attempts: readonly OutboxAttemptRow[]) {
  const payload = JSON.parse(message.payload) as { sample?: unknown };
  const aboutReferral = message.event_type.startsWith('referral.') || message.event_type.startsWith('reward.');
  return {
    id: message.id,
    event_type: message.event_type,
    event_id: message.event_id ?? null,
    sample: payload.sample === true,
    endpoint_url: message.endpoint_url ?? null,
    // What the delivery is about: a referral, a share, an origin, an unsubscribe, a coupon request; null for a sample.
    referral_id: aboutReferral ? message.subject_id : null,
    subject_id: message.subject_id,
    status: message.status,
    attempt_count: attempts.length,
    next_attempt_at: message.status === 'pending' ? message.next_attempt_at : null,
    give_up_after: message.give_up_after,
    last_error: message.last_error,
    delivered_at: message.delivered_at,
    created_at: message.created_at,
    payload,
    attempts: attempts.map((attempt) => ({
      number: attempt.attempt_number,
      at: attempt.started_at,
      duration_ms: attempt.duration_ms,
      url: attempt.target,
      response_status: attempt.response_status,
      response_excerpt: attempt.response_excerpt,
      error: attempt.error,
      outcome: attempt.outcome,
    })),
  };
}
