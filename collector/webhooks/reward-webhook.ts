import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { couponCodeRedeemed } from '../store/origin.repository';
import { countReferralsOfAdvocate, loadReferralDetails } from '../store/referral.repository';
import type { Database, ReferralRow, RewardRow } from '../store/tables';
import { enqueueWebhook } from './webhook-fan-out';
import { rewardWebhookPayload } from './reward-webhook-payload';

/**
 * Writes the Reward web hook of the referral's rewards that `which` picks (just issued, or just
 * reversed), as the caller's transaction sees them: each as an event, and a message for every
 * endpoint subscribed to "reward".
 * Answers the message ids.
 */
export async function enqueueRewardWebhooks(db: Kysely<Database>, site: Site, referral: ReferralRow, which: (reward: RewardRow) => boolean, now: Date): Promise<string[]> {
  const details = await loadReferralDetails(db, referral);
  const ids: string[] = [];
  for (const reward of details.rewards.filter(which)) {
    const facts = {
      referralCounts: await countReferralsOfAdvocate(db, { id: reward.person_id, site_id: reward.site_id }),
      couponUsed: reward.coupon_code ? await couponCodeRedeemed(db, site.id, reward.coupon_code) : false,
    };
    ids.push(...(await enqueueWebhook(db, site, rewardWebhookPayload(site, details, reward, facts), referral.id, now)));
  }
  return ids;
}
