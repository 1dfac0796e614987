import type { Site } from '../config/site-config.schema';
import { offerCampaignSettings } from '../config/site-campaigns';
import { offerExpiresAt } from '../domain/offer-expiry';
import { claimUrl, offerPageUrl } from '../contract/public-urls';
import type { OfferAnswerFacts } from '../domain/offer-answer';
import type { ClaimLinkRow, OfferRow } from '../store/tables';
import { incentivesView, type IncentiveView } from './incentives.view';

/** The offer as the API answers it (Talkable's fields plus one claim URL per channel). */
export interface OfferView {
  id: string;
  short_url_code: string;
  email?: string | null;
  show_url: string;
  claim_url: string;
  /** Vouch's: one claim URL per channel the offer has a link for (custom channels included). */
  claim_urls: Record<string, string>;
  /** Lets a browser send email invites for this offer; only for callers the merchant vouched for. */
  share_key?: string;
  /** Talkable's: the friend coupon, null when the friend's reward is none or the shop has not created it yet. */
  coupon_code: string | null;
  /** Talkable's: the campaign's incentives, keyed by identifier. */
  incentives: Record<string, IncentiveView>;
  /** Talkable's: whether its own widget should open; Vouch's widget is the merchant's to show. */
  trigger_widget: boolean;
  /** Talkable's: the tags the advocate's origin was recorded with. */
  campaign_tags: string[];
  /** Vouch's: when the offer stops referring anyone (offer_expires_in_days after it was made), null: never; the friend incentive's allow_on_expired_offer is false. */
  expires_at: string | null;
  /** Vouch's: the experiment variant the offer was made in; null when none ran. */
  variant_id: string | null;
}

/**
 * Builds the offer's API shape; the advocate's email only for secret-key callers, and the share
 * key (also in show_url) only for callers the merchant vouched for. Talkable's fields come after
 * Vouch's, from the rewards of the offer's campaign and what offerAnswerFacts read.
 */
export function offerView(
  site: Site,
  offer: OfferRow,
  links: readonly ClaimLinkRow[],
  facts: OfferAnswerFacts,
  publicUrl: string,
  email?: string | null,
  shareKey?: string,
): OfferView {
  const claimUrls: Record<string, string> = {};
  for (const link of links) claimUrls[link.channel] = claimUrl(publicUrl, link.code);
  return {
    id: offer.id,
    short_url_code: offer.short_url_code,
    ...(email !== undefined ? { email } : {}),
    show_url: `${offerPageUrl(publicUrl, offer.short_url_code)}${shareKey ? `?share_key=${shareKey}` : ''}`,
    claim_url: claimUrls.other ?? offerPageUrl(publicUrl, offer.short_url_code),
    claim_urls: claimUrls,
    ...(shareKey ? { share_key: shareKey } : {}),
    coupon_code: facts.couponCode,
    incentives: incentivesView(offerCampaignSettings(site, offer), offer.friend_coupon_expires_at ?? null),
    trigger_widget: false,
    campaign_tags: facts.campaignTags,
    expires_at: offerExpiresAt(offerCampaignSettings(site, offer), offer.created_at),
    variant_id: offer.variant_id ?? null,
  };
}
