import * as v from 'valibot';
import { ApiKey, Cursor, IsoDateTime, PageLimit, SiteSlug } from './common.schema';

/** An event type ("referral.approved"), or a prefix of types ending in "." ("referral."). */
const EventTypeFilter = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[a-z][a-z_]*(\.[a-z_]+)*\.?$/, 'must be an event type such as referral.approved, or a prefix ending in "." such as referral.'),
  v.maxLength(100),
);

/** GET /api/v2/events */
export const ListEventsQuery = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  limit: v.optional(PageLimit),
  /** The next_cursor of a previous page: an event id. */
  after: v.optional(Cursor),
  order: v.optional(v.picklist(['desc', 'asc'], 'must be desc (newest first) or asc (oldest first)')),
  type: v.optional(EventTypeFilter),
  since: v.optional(v.pipe(IsoDateTime, v.transform((value) => new Date(value).toISOString()))),
});
