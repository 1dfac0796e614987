import type { Kysely } from 'kysely';
import { couponExpiresAt } from './coupon-rules';
import type { Site } from '../config/site-config.schema';
import type { SiteDirectory } from '../config/site-directory';
import type { Logger } from '../logger';
import type { DoneAction } from '../outbox/delivery-worker';
import { addPoolCodes, countCodesUsedSince, poolSizes, usePoolCode } from '../store/coupon.repository';
import { countAwaitedCoupons, findCouponRequest, insertCouponRequests, markCouponRequestAdded } from '../store/coupon-request.repository';
import { newCouponCode, newId } from '../store/ids';
import { lockKey } from '../store/row-locks';
import { findReferral } from '../store/referral.repository';
import { giveRewardCoupon, oldestRewardAwaitingCoupon } from '../store/reward.repository';
import type { CouponRequestRow, Database, RewardSide } from '../store/tables';
import { enqueueCreateCouponWebhook } from '../webhooks/create-coupon-webhook';
import { enqueueRewardWebhooks } from '../webhooks/reward-webhook';
import { endpointsFor } from '../webhooks/webhook-fan-out';
import { drawsFromPool } from './coupon-pool';
import { codesToRequest, TOP_UP_DAYS } from './coupon-top-up-rule';

const DAY_IN_MS = 86_400_000;

/** The event type of the Create Coupon web hook, whose delivery puts its code in the pool. */
export const CREATE_COUPON_EVENT = 'coupon.create';

/**
 * After a pool code was taken (or none was left), asks the shop for a batch of new ones when the
 * pool runs low (coupon-top-up-rule.ts): for a side that draws from the pool, on a site with an
 * endpoint subscribed to create_coupon. Each code is unguessable (crypto random, no look-alike
 * characters, the site's prefix) and goes out in its own Create Coupon web hook, written in the
 * caller's transaction; it enters the pool only once that web hook was answered 2xx. Answers how
 * many codes were asked for.
 */
export async function topUpCouponPool(db: Kysely<Database>, site: Site, side: RewardSide, now: Date): Promise<number> {
  if (!drawsFromPool(site, side) || endpointsFor(site, CREATE_COUPON_EVENT).length === 0) return 0;
  // Counted then written: two takes of one pool on PostgreSQL count in turn, so they ask for one batch, not two.
  await lockKey(db, `coupon-top-up:${site.id}:${side}`);
  const since = new Date(now.getTime() - TOP_UP_DAYS * DAY_IN_MS).toISOString();
  const count = codesToRequest({
    available: (await poolSizes(db, site.id))[side],
    awaited: await countAwaitedCoupons(db, site.id, side),
    usedRecently: await countCodesUsedSince(db, site.id, side, since),
  });
  if (count === 0) return 0;
  const prefix = site.coupon_code_prefix ?? (side === 'advocate' ? 'REWARD' : 'FRIEND');
  const at = now.toISOString();
  const requests: CouponRequestRow[] = Array.from({ length: count }, () => ({
    id: newId(now.getTime()),
    site_id: site.id,
    kind: side,
    code: newCouponCode(prefix),
    added_code: null,
    added_at: null,
    created_at: at,
  }));
  await insertCouponRequests(db, requests);
  for (const request of requests) await enqueueCreateCouponWebhook(db, site, side, request.code, request.id, now);
  return count;
}

/** Longest code a shop may answer with. */
const MAX_SHOP_CODE_LENGTH = 64;

/**
 * The code a shop that makes its own codes answered ({"coupon_code": …} or {"result":
 * {"coupon_code": …}}), upper-cased as the pools keep codes; null when the answer names none or
 * one that is empty, longer than 64 characters or not printable (Vouch's code is kept then).
 */
export function shopCouponCode(answer: string | null | undefined): string | null {
  if (!answer) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as { coupon_code?: unknown; result?: { coupon_code?: unknown } | null };
  const code = record.coupon_code ?? (typeof record.result === 'object' && record.result !== null ? record.result.coupon_code : undefined);
  if (typeof code !== 'string') return null;
  const trimmed = code.trim();
  // Printable ASCII without spaces: what a customer can type at checkout.
  if (trimmed.length === 0 || trimmed.length > MAX_SHOP_CODE_LENGTH || !/^[\x21-\x7e]+$/.test(trimmed)) return null;
  return trimmed.toUpperCase();
}

/**
 * The done action of the Create Coupon web hook, run in the transaction that records its 2xx:
 * the request's code (or the one the shop answered) enters the pool, once however often the web
 * hook is redelivered or however many endpoints got it. An advocate reward that was issued
 * without a code because the pool was empty takes it at once, and its Reward web hook is sent
 * again with the code.
 */
export function couponCreatedAction(config: { sites: SiteDirectory; logger: Logger }): DoneAction {
  return async (trx, message, result, now) => {
    if (result.outcome !== 'delivered' || !message.subject_id) return;
    const request = await findCouponRequest(trx, message.subject_id);
    if (!request || request.added_at) return;
    const code = shopCouponCode(result.responseBody) ?? request.code;
    const at = now.toISOString();
    if (!(await markCouponRequestAdded(trx, request.id, code, at))) return;
    const { added } = await addPoolCodes(trx, request.site_id, request.kind, [code], at);
    if (added === 0) {
      config.logger.warn('coupon_code_taken: the code the shop created is already known to the site; not added again', { request: request.id });
      return;
    }
    await giveToWaitingReward(trx, config, request, code, at, now);
  };
}

/** The code just added goes to the oldest reward waiting for one: this transaction added it, so no other taker can have it. */
async function giveToWaitingReward(trx: Kysely<Database>, config: { sites: SiteDirectory }, request: CouponRequestRow, code: string, at: string, now: Date): Promise<void> {
  const reward = await oldestRewardAwaitingCoupon(trx, request.site_id, request.kind);
  const site = config.sites.byId(request.site_id);
  if (!reward || !site) return;
  // The code is issued now: its days run from here, not from the approval that waited for it.
  const expiresAt = couponExpiresAt(request.kind === 'advocate' ? site.advocate_reward : site.friend_reward, now);
  if (!(await giveRewardCoupon(trx, reward.id, code, expiresAt))) return;
  await usePoolCode(trx, request.site_id, code, { reward_id: reward.id }, at);
  const referral = await findReferral(trx, reward.referral_id);
  if (referral) await enqueueRewardWebhooks(trx, site, referral, (candidate) => candidate.id === reward.id, now);
}
