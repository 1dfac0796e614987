import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findOrigin } from '../store/origin.repository';
import type { Database, OfferRow } from '../store/tables';
import { tagNames } from '../webhooks/webhook-payload';
import { friendCouponToShow } from './shop-coupons';
import { settingsForOffer } from './experiment-variant';

/** What an offer's Talkable-shaped answer reads from the store besides the offer and its links. */
export interface OfferAnswerFacts {
  /** The friend coupon, when the friend's reward is one and the shop has it (a code still being created is null). */
  couponCode: string | null;
  /** The tags of the origin that made the offer (Talkable's campaign_tags), ["default"] when it named none. */
  campaignTags: string[];
}

/**
 * Reads what Talkable's offer answer adds: its `coupon_code` — the friend coupon, shown as the
 * claim page shows it (friendCouponToShow: a code the shop has not created yet is not shown) —
 * and the `campaign_tags` the advocate's origin was recorded with.
 */
export async function offerAnswerFacts(db: Kysely<Database>, site: Site, offer: OfferRow): Promise<OfferAnswerFacts> {
  const origin = await findOrigin(db, offer.origin_id);
  const couponCode = settingsForOffer(site, offer).friend_reward.incentive === 'discount_coupon' ? (await friendCouponToShow(db, site, offer.friend_coupon_code)).code : null;
  return { couponCode, campaignTags: origin ? tagNames(origin) : ['default'] };
}
