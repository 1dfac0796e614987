import type { Site } from '../config/site-config.schema';
import type { ReferralDetails } from '../store/referral.repository';
import type { PersonRow } from '../store/tables';
import { talkableFraudFields } from '../webhooks/fraud-payload';
import { referralView } from './referral.view';

/** How Vouch attributed a referral, in Talkable's track_method words (a threshold or record keeps Vouch's). */
const TRACK_METHODS: Record<string, string> = { uuid: 'cookie', coupon: 'coupon', email: 'email', record: 'manual' };

/**
 * A referral as Talkable's `PUT /origins/<origin_slug>/referral` answers it: Vouch's fields, then
 * Talkable's — both people, the campaign (the site's), the advocate's offer, the friend's origin
 * and subtotal, how it was tracked, whether the advocate was rewarded, and the fraud checks'
 * outcome (the decision trail's signals, by what they did: blocked, flagged, passed).
 */
export function talkableReferralView(site: Site, details: ReferralDetails) {
  const { referral, friendOrigin } = details;
  return {
    ...referralView(referral, details.advocateOffer.short_url_code),
    ad_rewarded: details.rewards.some((reward) => reward.side === 'advocate' && !reward.reversed_at),
    advocate_person: personSummary(details.advocate),
    campaign_id: site.id,
    ...talkableFraudFields(referral),
    friend_person: details.friend ? personSummary(details.friend) : null,
    offer_id: details.advocateOffer.id,
    qa_generated: false,
    referred_origin_id: friendOrigin?.id ?? null,
    referred_subtotal: friendOrigin?.subtotal ?? null,
    // Not Talkable's: the currency of referred_subtotal (and of every reward of the campaign).
    currency: site.currency,
    track_method: TRACK_METHODS[referral.attributed_by] ?? referral.attributed_by,
  };
}

/** Talkable's advocate_person / friend_person: id, email and names. */
function personSummary(person: PersonRow) {
  return { id: person.id, email: person.email, first_name: person.first_name, last_name: person.last_name };
}
