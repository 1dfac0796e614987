import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findOrigin } from '../store/origin.repository';
import { findPerson } from '../store/person.repository';
import { countReferralsOfAdvocate } from '../store/referral.repository';
import type { Database, OfferRow, OriginRow, PersonRow, ShareChannel } from '../store/tables';
import { campaignView, originView, personView, type ReferralCounts } from './talkable-views';
import { enqueueWebhook } from './webhook-fan-out';

/** One recorded share, as the Post Share web hook tells it. */
export interface RecordedShare {
  id: string;
  channel: ShareChannel;
  /** An email share's invited addresses (those sent an invite this time); empty for a social share. */
  recipients: string[];
  /** A social share's claim link (Talkable's share_link); null for an email share. */
  link: string | null;
  /** The merchant's server reported it (secret key); false for a browser's report, which is only a claim. */
  verified: boolean;
}

/** The advocate who shared: their offer, the origin that earned it, and the person. */
export interface Sharer {
  offer: OfferRow;
  origin: OriginRow;
  person: PersonRow;
  referralCounts: ReferralCounts;
}

/**
 * The Post Share web hook payload, key for key as Talkable's: campaign, share_type (the channel),
 * share_info (an email share's recipients), sharer_info, share_link (social shares), origin (the
 * advocate's). Vouch adds `offer` {email, short_url_code, variant_id}, `share_id`, `verified` (the merchant's
 * server reported the share) and `advocate_verified` (the merchant's server vouched for the
 * origin that made this person an advocate): a share only a browser reports, by an advocate only a
 * browser reported, is activity to count, never grounds to pay. Then `type`: "share.created".
 */
export function postShareWebhookPayload(site: Site, share: RecordedShare, sharer: Sharer) {
  return {
    campaign: campaignView(site, sharer.offer, sharer.origin),
    share_type: share.channel,
    share_info: share.channel === 'email' ? { recipients: share.recipients } : {},
    sharer_info: personView(sharer.person, sharer.referralCounts),
    ...(share.link ? { share_link: share.link } : {}),
    origin: { ...originView(sharer.origin, sharer.person), order_date: sharer.origin.order_date },
    offer: { email: sharer.person.email, short_url_code: sharer.offer.short_url_code, variant_id: sharer.offer.variant_id ?? null },
    share_id: share.id,
    verified: share.verified,
    advocate_verified: sharer.origin.verified === 1,
    type: 'share.created' as const,
  };
}

/**
 * Records a share just made in the event log (\`share.created\`), in the caller's transaction, and
 * its Post Share web hook for the endpoints subscribed to "post_share". Answers the message ids.
 */
export async function enqueuePostShareWebhook(db: Kysely<Database>, site: Site, offer: OfferRow, share: RecordedShare, now: Date): Promise<string[]> {
  const [origin, person] = await Promise.all([findOrigin(db, offer.origin_id), findPerson(db, offer.person_id)]);
  if (!origin || !person) throw new Error(`offer ${offer.id} has no origin or person`);
  const sharer = { offer, origin, person, referralCounts: await countReferralsOfAdvocate(db, person) };
  return enqueueWebhook(db, site, postShareWebhookPayload(site, share, sharer), share.id, now);
}
