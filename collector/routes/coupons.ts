import type { Context } from 'hono';
import type { Site } from '../config/site-config.schema';
import { couponPermission, findKnownCoupon, type KnownCoupon } from '../domain/coupon-check';
import type { AppEnv } from '../http/app-env';
import type { ApiRoutes } from '../http/api-routes';
import { AddCouponsBody, CouponCodeParams, CouponLookupQuery, CouponPermissionParams, CouponPermissionQuery, CouponsQuery } from '../schemas/coupon.schema';
import { addPoolCodes, poolSizes } from '../store/coupon.repository';
import { countReferralsOfAdvocate } from '../store/referral.repository';
import { associatedRewardView, couponPermissionView, couponView } from '../views/coupon.view';

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

  api.add(
    {
      method: 'get',
      path: '/api/v2/coupons/:code',
      summary:
        "Talkable's coupon look-up: whether Vouch gave this code (talkable_coupon), and if so the coupon (single_use, used, expires_at, amount, percentage_discount; Vouch adds kind, minimum_subtotal, new_customers_only, revoked_at) and the reward it came with. A code Vouch did not give (one of the shop's own) answers talkable_coupon false, as Talkable does. For the merchant's server: the secret key.",
      tag: 'Coupons',
      access: 'secret',
      params: CouponCodeParams,
      query: CouponLookupQuery,
    },
    async (c, { params, site }) => {
      const coupon = await findKnownCoupon(c.var.services.db, site, params.code);
      if (!coupon) return c.json({ ok: true, result: { talkable_coupon: false } });
      return c.json({ ok: true, result: { talkable_coupon: true, ...(await couponAnswer(c, site, coupon)) } });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/v2/coupons/:code/permission/:email',
      summary:
        "Talkable's permission look-up, for the checkout before it applies a code: may this person use it? Refused (allowed false, with Talkable's error_message and checks, and Vouch's stable reason) when the code was never issued, was revoked, has expired, is single-use and a purchase the merchant's server reported used it, is another person's reward code, is the friend coupon of the person's own offer, is for new customers and the person has bought before, or (with Vouch's optional subtotal query parameter) the order is under its minimum_subtotal. A code Vouch did not give answers allowed true, talkable_coupon false: the shop's own rules decide. For the merchant's server: the secret key.",
      tag: 'Coupons',
      access: 'secret',
      params: CouponPermissionParams,
      query: CouponPermissionQuery,
    },
    async (c, { params, query, site }) => {
      const { db, clock } = c.var.services;
      const coupon = await findKnownCoupon(db, site, params.code);
      if (!coupon) return c.json({ ok: true, result: { allowed: true, talkable_coupon: false } });
      const permission = await couponPermission(db, site, coupon, params.email, query.subtotal, clock());
      return c.json({ ok: true, result: { ...couponPermissionView(permission), talkable_coupon: true, ...(await couponAnswer(c, site, coupon)) } });
    },
  );
}

/** The coupon and its associated reward, as both look-ups answer them. */
async function couponAnswer(c: Context<AppEnv>, site: Site, coupon: KnownCoupon) {
  const referralCounts = coupon.person ? await countReferralsOfAdvocate(c.var.services.db, coupon.person) : { total: 0, approved: 0, pending: 0 };
  return { coupon: couponView(coupon), associated_reward: associatedRewardView(site, coupon, referralCounts) };
}
