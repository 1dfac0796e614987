import { claimUrl, offerPageUrl } from '../contract/public-urls';
import type { ClaimLinkRow, OfferRow, ShareChannel } from '../store/tables';

/** The offer as the API answers it (Talkable's fields plus one claim URL per channel). */
export interface OfferView {
  id: string;
  short_url_code: string;
  email?: string | null;
  show_url: string;
  claim_url: string;
  claim_urls: Partial<Record<ShareChannel, string>>;
  /** Lets a browser send email invites for this offer; only for callers the merchant vouched for. */
  share_key?: string;
}

/**
 * Builds the offer's API shape; the advocate's email only for secret-key callers, and the share
 * key (also in show_url) only for callers the merchant vouched for.
 */
export function offerView(offer: OfferRow, links: readonly ClaimLinkRow[], publicUrl: string, email?: string | null, shareKey?: string): OfferView {
  const claimUrls: Partial<Record<ShareChannel, string>> = {};
  for (const link of links) claimUrls[link.channel] = claimUrl(publicUrl, link.code);
  return {
    id: offer.id,
    short_url_code: offer.short_url_code,
    ...(email !== undefined ? { email } : {}),
    show_url: `${offerPageUrl(publicUrl, offer.short_url_code)}${shareKey ? `?share_key=${shareKey}` : ''}`,
    claim_url: claimUrls.other ?? offerPageUrl(publicUrl, offer.short_url_code),
    claim_urls: claimUrls,
    ...(shareKey ? { share_key: shareKey } : {}),
  };
}
