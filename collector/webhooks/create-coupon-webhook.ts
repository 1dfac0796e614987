import type { Kysely } from 'kysely';
import type { Reward, Site } from '../config/site-config.schema';
import type { Database, RewardSide } from '../store/tables';
import { enqueueWebhook } from './webhook-fan-out';

/**
 * The Create Coupon web hook payload, key for key as Talkable's: coupon_code, discount_amount,
 * percentage_discount, usage_limit, expires_at, coupon_list_id, coupon_list_name. Vouch's codes
 * are single-use fixed amounts without expiry. Vouch adds `side` (which pool the code is for),
 * `site` (the site_slug) and `type` ("coupon.create").
 */
export function createCouponPayload(site: Site, side: RewardSide, reward: Reward, code: string) {
  return {
    coupon_code: code,
    discount_amount: reward.amount ?? null,
    percentage_discount: false,
    usage_limit: 1,
    expires_at: null,
    // One list per pool: the site's advocate codes and its friend codes.
    coupon_list_id: `${site.site_slug}-${side}`,
    coupon_list_name: reward.incentive_description,
    side,
    site: site.site_slug,
    type: 'coupon.create',
  };
}

export type CreateCouponPayload = ReturnType<typeof createCouponPayload>;

/** Writes one Create Coupon web hook per subscribed endpoint, in the caller's transaction; its subject is the coupon request. */
export async function enqueueCreateCouponWebhook(db: Kysely<Database>, site: Site, side: RewardSide, code: string, requestId: string, now: Date): Promise<string[]> {
  const reward = side === 'advocate' ? site.advocate_reward : site.friend_reward;
  return enqueueWebhook(db, site, createCouponPayload(site, side, reward, code), requestId, now);
}
