import * as v from 'valibot';
import { ApiKey, IsoDateTime, Money, SiteSlug } from './common.schema';

/** Why an origin was refunded (beyond Talkable, which knows only refunds). */
export const REFUND_REASONS = ['refund', 'cancellation', 'chargeback'] as const;

/** POST /api/v2/origins/:origin_slug/refund: Talkable's body, with data.refunded_amount and data.reason added. */
export const RefundBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  data: v.optional(
    v.object({
      refunded_at: v.optional(IsoDateTime),
      /** A partial refund; the whole subtotal when absent. */
      refunded_amount: v.optional(Money),
      reason: v.optional(v.picklist(REFUND_REASONS, `must be one of ${REFUND_REASONS.join(', ')}`), 'refund'),
    }),
    {},
  ),
});
