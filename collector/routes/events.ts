import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { ListEventsQuery } from '../schemas/event.schema';
import { deliveriesOfEvents, findEvent, listEvents, type StoredEvent } from '../store/event.repository';
import type { OutboxStatus } from '../store/tables';

const DEFAULT_PAGE_SIZE = 50;

/** The event log: every event of the site, whether or not a web hook endpoint subscribed to it. */
export function registerEventRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/events',
      summary:
        "The site's events (the bodies its web hooks carry), newest first; order=asc for oldest first. Pass next_cursor as after for the next page: older events with desc, newer ones with asc (how a poller keeps up). Filters: type (exact, or a prefix ending in \".\") and since (ISO time).",
      tag: 'Web hooks',
      access: 'secret',
      query: ListEventsQuery,
    },
    async (c, { query, site }) => {
      const { db } = c.var.services;
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const order = query.order ?? 'desc';
      let after: StoredEvent | undefined;
      if (query.after) {
        after = await findEvent(db, site.id, query.after);
        if (!after) throw ApiError.invalid('after', 'is no event of this site (an event older than the retention period is deleted: start again with since)');
      }
      // One more than asked tells whether another page follows.
      const rows = await listEvents(db, { siteId: site.id, order, after, type: query.type, since: query.since, limit: limit + 1 });
      const events = rows.slice(0, limit);
      const hasMore = rows.length > limit;
      const deliveries = await deliveriesOfEvents(db, events.map((event) => event.id));
      // Newest first ends at the oldest event; oldest first never ends (new events come after the
      // last one), so its cursor is always where to poll from next.
      const last = events.at(-1)?.id ?? (order === 'asc' ? (query.after ?? null) : null);
      return c.json({
        ok: true,
        result: {
          events: events.map((event) => eventView(event, deliveries.filter((delivery) => delivery.event_id === event.id))),
          has_more: hasMore,
          next_cursor: order === 'asc' || hasMore ? last : null,
        },
      });
    },
  );
}

/** An event as the API shows it: its payload as `data`, and the web hook messages that deliver it. */
function eventView(event: StoredEvent, deliveries: readonly { id: string; endpoint_url: string | null; status: OutboxStatus }[]) {
  return {
    id: event.id,
    type: event.type,
    created_at: event.created_at,
    subject_id: event.subject_id,
    data: JSON.parse(event.payload) as unknown,
    deliveries: deliveries.map((delivery) => ({ id: delivery.id, endpoint_url: delivery.endpoint_url, status: delivery.status })),
  };
}
