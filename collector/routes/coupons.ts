import type { ApiRoutes } from '../http/api-routes';
import { AddCouponsBody, CouponsQuery } from '../schemas/coupon.schema';
import { addPoolCodes, poolSizes } from '../store/coupon.repository';

/** The site's coupon pools: merchant-made codes handed out as discount_coupon rewards. */
export function registerCouponRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/v2/coupons',
      summary:
        'Add codes to the advocate or friend coupon pool (rewards with coupon_source "pool" take them: oldest load first, then alphabetical). Codes the site already has are skipped. Answers how many were added and how many wait in each pool.',
      tag: 'Coupons',
      access: 'secret',
      body: AddCouponsBody,
      successStatus: 201,
    },
    async (c, { body, site }) => {
      const { db } = c.var.services;
      const { added, skipped } = await addPoolCodes(db, site.id, body.data.kind, body.data.codes, new Date().toISOString());
      return c.json({ ok: true, result: { added, skipped, available: await poolSizes(db, site.id) } }, 201);
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/v2/coupons',
      summary: 'How many unused codes wait in the advocate and friend coupon pools.',
      tag: 'Coupons',
      access: 'secret',
      query: CouponsQuery,
    },
    async (c, { site }) => c.json({ ok: true, result: { available: await poolSizes(c.var.services.db, site.id) } }),
  );
}
