import type { Kysely } from 'kysely';
import { offerCampaignSettings } from '../config/site-campaigns';
import type { Site } from '../config/site-config.schema';
import { findOfferById } from '../store/offer.repository';
import { findReferral } from '../store/referral.repository';
import type { Database, ReferralRow, RewardRow } from '../store/tables';

/** The settings a referral is decided by: those of the campaign that made the advocate's offer. */
export async function referralCampaignSettings(db: Kysely<Database>, site: Site, referral: Pick<ReferralRow, 'advocate_offer_id'>): Promise<Site> {
  const offer = await findOfferById(db, referral.advocate_offer_id);
  return offer ? offerCampaignSettings(site, offer) : site;
}

/** The settings a reward was issued by: those of its referral's campaign. */
export async function rewardCampaignSettings(db: Kysely<Database>, site: Site, reward: Pick<RewardRow, 'referral_id'>): Promise<Site> {
  const referral = await findReferral(db, reward.referral_id);
  return referral ? referralCampaignSettings(db, site, referral) : site;
}
