import * as v from 'valibot';
import { ApiKey, Cursor, PageLimit, SiteSlug, Uuid } from './common.schema';

/** GET /api/v2/webhook_deliveries */
export const ListDeliveriesQuery = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  status: v.optional(v.picklist(['pending', 'delivered', 'failed', 'disabled'], 'must be pending, delivered, failed or disabled')),
  limit: v.optional(PageLimit),
  cursor: v.optional(Cursor),
});

/** POST /api/v2/webhook_deliveries/:id/redeliver */
export const RedeliverParams = v.object({ id: Uuid });

/** POST /api/v2/webhook_deliveries/:id/redeliver */
export const RedeliverBody = v.object({ site_slug: SiteSlug, api_key: v.optional(ApiKey) });
