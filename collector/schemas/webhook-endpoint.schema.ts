import * as v from 'valibot';
import { WEBHOOK_TYPES } from '../webhooks/webhook-fan-out';
import { ApiKey, SiteSlug } from './common.schema';

/** GET /api/v2/webhook_endpoints */
export const ListEndpointsQuery = v.object({ site_slug: SiteSlug, api_key: v.optional(ApiKey) });

/** POST /api/v2/webhook_endpoints/:id/sample: any id of the right length; an unknown one is a 404. */
export const SampleParams = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });

/** POST /api/v2/webhook_endpoints/:id/sample */
export const SampleBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  type: v.picklist(WEBHOOK_TYPES, `must be one of ${WEBHOOK_TYPES.join(', ')}`),
});
