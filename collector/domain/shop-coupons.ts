import type { Kysely } from 'kysely';
import type { Reward, Site } from '../config/site-config.schema';
import { shopCouponPlatform } from '../config/shop-coupon-platform';
import type { DoneAction } from '../outbox/delivery-worker';
import { newId } from '../store/ids';
import { insertOutboxMessage } from '../store/outbox.repository';
import { isOfferVerified } from '../store/offer.repository';
import { findReferral } from '../store/referral.repository';
import { writeTransaction } from '../store/write-transaction';
import { findReward, giveRewardCoupon } from '../store/reward.repository';
import { findShopCoupon, findShopCouponByCode, insertShopCoupon, markShopCouponReady } from '../store/shop-coupon.repository';
import type { Database, RewardSide, ShopPlatform } from '../store/tables';
import { enqueueRewardWebhooks } from '../webhooks/reward-webhook';

/** The event type of the outbox message that creates a code in the shop; its done action makes the code ready. */
export const SHOP_COUPON_EVENT = 'shop_coupon.create';

/** Why an advocate's discount_coupon reward has no code yet: the shop is creating it. */
export const PENDING_IN_SHOP = 'pending_in_shop';

const DAY_IN_MS = 86_400_000;

/**
 * What the shop is asked to create: the code and the reward's coupon rules, fixed when the code
 * is generated so every attempt asks for the same thing. Amounts are in the shop's currency.
 */
export interface ShopCouponPayload {
  platform: ShopPlatform;
  side: RewardSide;
  code: string;
  /** The reward's description, as the discount's title in the shop's admin. */
  title: string;
  /** A fixed amount off the order; null for a percent-off code. */
  amount_off: number | null;
  /** A percent (0–100) off the order; null for a fixed amount. */
  percent_off: number | null;
  /** One order uses it up. */
  single_use: boolean;
  starts_at: string;
  /** When the code stops applying; null for never. */
  expires_at: string | null;
  minimum_subtotal: number | null;
  /** Only for a customer with no earlier order (Stripe's first_time_transaction; checked by the coupon look-ups elsewhere). */
  new_customers_only: boolean;
  site: string;
}

/**
 * Whether the codes Vouch generates for this side are created in the shop: a discount_coupon
 * reward whose codes Vouch generates (not drawn from the merchant's pool: those are in the shop
 * already), on a site with a connector holding admin credentials.
 */
export function createsCodesInShop(site: Site, side: RewardSide): boolean {
  const reward = side === 'advocate' ? site.advocate_reward : site.friend_reward;
  return reward.incentive === 'discount_coupon' && reward.coupon_source !== 'pool' && shopCouponPlatform(site.connectors) !== null;
}

/** The request to the shop for one code under a reward's rules, issued now. */
export function shopCouponPayload(site: Site, platform: ShopPlatform, side: RewardSide, reward: Reward, code: string, now: Date): ShopCouponPayload {
  return {
    platform,
    side,
    code,
    title: reward.incentive_description,
    amount_off: reward.percent_off === undefined ? (reward.amount ?? null) : null,
    percent_off: reward.percent_off ?? null,
    single_use: reward.single_use !== false,
    starts_at: now.toISOString(),
    expires_at: reward.expires_in_days === undefined ? null : new Date(now.getTime() + reward.expires_in_days * DAY_IN_MS).toISOString(),
    minimum_subtotal: reward.minimum_subtotal ?? null,
    new_customers_only: reward.new_customers_only === true,
    site: site.site_slug,
  };
}

/**
 * Asks the shop to create a code Vouch generated, in the caller's transaction: a pending shop
 * coupon and its outbox message (kind shop_coupon), retried with the outbox's backoff until the
 * platform has it. `rewardId` names the advocate's reward that takes the code once ready. Does
 * nothing when the code was asked for already (one request per code however often it is called).
 */
export async function requestShopCoupon(
  db: Kysely<Database>,
  site: Site,
  request: { side: RewardSide; reward: Reward; code: string; rewardId?: string | null },
  now: Date,
): Promise<boolean> {
  const platform = shopCouponPlatform(site.connectors);
  if (!platform || (await findShopCouponByCode(db, site.id, request.code))) return false;
  const id = newId(now.getTime());
  await insertShopCoupon(db, {
    id,
    site_id: site.id,
    platform,
    side: request.side,
    code: request.code,
    reward_id: request.rewardId ?? null,
    status: 'pending_in_shop',
    shop_reference: null,
    created_at: now.toISOString(),
    ready_at: null,
  });
  const payload = shopCouponPayload(site, platform, request.side, request.reward, request.code, now);
  await insertOutboxMessage(db, { site_id: site.id, kind: 'shop_coupon', event_type: SHOP_COUPON_EVENT, subject_id: id, payload: JSON.stringify(payload) }, now);
  return true;
}

/**
 * The friend coupon a customer may be shown: the code itself, or null with `pending` while the
 * shop has not created it (or, for an offer only a browser reported, will not until the
 * merchant's server confirms the order). A site that does not create codes in its shop shows
 * every code as before.
 */
export async function friendCouponToShow(db: Kysely<Database>, site: Site, code: string): Promise<{ code: string | null; pending: boolean }> {
  if (!createsCodesInShop(site, 'friend')) return { code, pending: false };
  const coupon = await findShopCouponByCode(db, site.id, code);
  return coupon?.status === 'ready' ? { code, pending: false } : { code: null, pending: true };
}

/**
 * A friend coupon generated before the site's connector could create codes (the connector, or its
 * admin credentials, came later) was never asked for, and would stay "on its way" for good: it is
 * asked for when a friend follows the offer's link, if the merchant's server reported the
 * advocate's order (as for a new offer). Answers whether it asked.
 */
export async function requestMissingFriendCoupon(db: Kysely<Database>, site: Site, offerId: string, code: string, now: Date): Promise<boolean> {
  if (!createsCodesInShop(site, 'friend') || (await findShopCouponByCode(db, site.id, code))) return false;
  if (!(await isOfferVerified(db, offerId))) return false;
  return writeTransaction(db, (trx) => requestShopCoupon(trx, site, { side: 'friend', reward: site.friend_reward, code }, now));
}

/** The platform's id of what it created, as the shop_coupon handler answers it ({"shop_reference": …}). */
function shopReferenceOf(body: string | null | undefined): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { shop_reference?: unknown };
    return typeof parsed.shop_reference === 'string' ? parsed.shop_reference : null;
  } catch {
    return null;
  }
}

/**
 * The done action of a shop_coupon message, run in the transaction that records the platform's
 * answer (created, or already there): the code turns ready, once however often the message is
 * redelivered. An advocate's reward waiting for it takes it then, and its Reward web hook is sent
 * again with the code, as when a pool refills.
 */
export function shopCouponCreatedAction(config: { sites: { byId(id: string): Site | undefined } }): DoneAction {
  return async (trx, message, result, now) => {
    if (result.outcome !== 'delivered' || !message.subject_id) return;
    const coupon = await findShopCoupon(trx, message.subject_id);
    if (!coupon || !(await markShopCouponReady(trx, coupon.id, shopReferenceOf(result.responseBody), now.toISOString()))) return;
    if (!coupon.reward_id) return;
    const reward = await findReward(trx, coupon.reward_id);
    // A reward reversed while the shop was creating its code keeps none.
    if (!reward || reward.reversed_at || !(await giveRewardCoupon(trx, reward.id, coupon.code))) return;
    const site = config.sites.byId(coupon.site_id);
    const referral = await findReferral(trx, reward.referral_id);
    if (site && referral) await enqueueRewardWebhooks(trx, site, referral, (candidate) => candidate.id === reward.id, now);
  };
}
