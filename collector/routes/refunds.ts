import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { recordRefund } from '../domain/record-refund';
import { OriginSlugParams } from '../schemas/referral.schema';
import { RefundBody } from '../schemas/refund.schema';
import { findOriginByKey } from '../store/origin.repository';
import { findPerson } from '../store/person.repository';
import { refundedOriginView } from '../views/origin.view';

/** POST /api/v2/origins/:origin_slug/refund: Talkable's refund, undoing what the origin earned. */
export function registerRefundRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/v2/origins/:origin_slug/refund',
      summary:
        "Mark a Purchase or Event refunded. origin_slug is the order_number of a Purchase, or event_category:event_number of an Event. A friend's refund voids the referral it closed if undecided, or reverses the advocate's reward if approved; an advocate's refund blocks new referrals through the offer it earned. data.refunded_amount (a partial refund; default the whole subtotal) and data.reason (refund, cancellation, chargeback) are Vouch's. Refunding again changes nothing.",
      tag: 'Origins',
      access: 'secret',
      params: OriginSlugParams,
      body: RefundBody,
    },
    async (c, { body, params: { origin_slug: slug }, site }) => {
      const { db } = c.var.services;
      const purchase = await findOriginByKey(db, site.id, `Purchase:${slug}`);
      const event = slug.includes(':') ? await findOriginByKey(db, site.id, `Event:${slug}`) : undefined;
      // Never guess between an order and an event that share a slug.
      if (purchase && event) throw ApiError.refused(409, 'ambiguous_origin_slug', 'origin_slug', 'names both a Purchase and an Event');
      const found = purchase ?? event;
      if (!found) throw ApiError.notFound('origin_slug', 'origin');
      const data = body.data;
      const refund = await recordRefund(db, site, found.id, {
        refundedAt: data.refunded_at ? new Date(data.refunded_at).toISOString() : null,
        refundedAmount: data.refunded_amount ?? null,
        reason: data.reason,
      });
      if (refund.webhookIds.length > 0) c.var.services.wakeOutbox();
      const person = await findPerson(db, refund.origin.person_id);
      if (!person) throw new Error(`origin ${refund.origin.id} names person ${refund.origin.person_id}, who does not exist`);
      return c.json({ ok: true, result: refundedOriginView(refund.origin, person) });
    },
  );
}
