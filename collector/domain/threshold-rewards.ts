import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { enqueueLifecycleWebhooks } from '../webhooks/lifecycle-webhook';
import type { Logger } from '../logger';
import { reachedThresholds } from '../store/referral-record.repository';
import { countedNetworks, thresholdCounts } from '../store/threshold-count.repository';
import { insertReferralOnce } from '../store/referral.repository';
import { advocateNetworks } from './advocate-networks';
import { isVouched } from '../store/person.repository';
import type { Database, ReferralRow } from '../store/tables';
import { uncontestedReferral } from './referral-record';
import { REWARD_ACTION } from './reward-actions';

/** What an advocate's links just did: a friend followed one (a claim) or the advocate shared. */
export type ThresholdActivity = 'clicks' | 'shares';

/**
 * Credits the advocate with a referral for every click or share threshold of the site their
 * links have now reached (`threshold_rewards`, Reverb's reward_action_type 3 and 4). Clicks count
 * distinct networks other than the advocate's own; shares count each channel once a day. Clicks
 * and shares are only what browsers say, so only an advocate the merchant vouched for (a
 * verified origin) is credited, and the referral waits for a person to approve it, whatever the
 * site's approval mode. A threshold is credited once: the unique (site, advocate, type,
 * qualified_amount) index lets exactly one of several concurrent crossings insert. The count is
 * "at least", not "exactly": a crossing missed by a failed check is credited on the next one.
 * The counts are the running ones the claim and share inserts keep (threshold-count.repository),
 * so a click costs a few key look-ups however many clickers the advocate already has.
 */
export async function creditReachedThresholds(
  db: Kysely<Database>,
  site: Site,
  offer: { id: string; person_id: string },
  activity: ThresholdActivity,
  now = new Date(),
): Promise<ReferralRow[]> {
  const type = REWARD_ACTION[activity];
  const configured = site.threshold_rewards.filter((threshold) => threshold.reward_action_type === type);
  if (configured.length === 0) return [];
  const advocate = { siteId: site.id, advocatePersonId: offer.person_id };
  const counts = await thresholdCounts(db, advocate);
  // At most this many: clicks from the advocate's own networks are taken away below, only when a threshold is in reach.
  const upTo = activity === 'clicks' ? counts.distinctClickers : counts.shares;
  if (!configured.some((threshold) => upTo >= threshold.qualified_amount)) return [];
  const reached = await reachedThresholds(db, site.id, offer.person_id, type);
  const open = configured.filter((threshold) => !reached.has(threshold.qualified_amount) && upTo >= threshold.qualified_amount);
  if (open.length === 0) return [];
  if (!(await isVouched(db, offer.person_id))) return [];
  const count = activity === 'clicks' ? upTo - (await countedNetworks(db, advocate, [...(await advocateNetworks(db, offer.person_id))])) : upTo;
  const credited: ReferralRow[] = [];
  for (const threshold of open.filter((candidate) => count >= candidate.qualified_amount)) {
    const credit = uncontestedReferral(
      site,
      {
        advocate_offer_id: offer.id,
        advocate_person_id: offer.person_id,
        friend_origin_id: null,
        friend_person_id: null,
        attributed_by: `threshold:${activity}`,
        reward_action_type: type,
        qualified_amount: threshold.qualified_amount,
      },
      now,
    );
    const row = { ...credit, approve_after: null };
    const inserted = await db.transaction().execute(async (trx) => {
      const made = await insertReferralOnce(trx, row, `threshold:${activity}:${threshold.qualified_amount}`);
      if (made) await enqueueLifecycleWebhooks(trx, site, made, null, now);
      return made;
    });
    if (inserted) credited.push(inserted);
  }
  return credited;
}

/**
 * creditReachedThresholds for the claim and share routes: a failure is logged, never answered,
 * because the friend's redirect or the advocate's share must not fail over bookkeeping that the
 * next click or share redoes.
 */
export async function creditThresholdsQuietly(
  services: { db: Kysely<Database>; logger: Logger },
  site: Site,
  offer: { id: string; person_id: string },
  activity: ThresholdActivity,
): Promise<void> {
  try {
    await creditReachedThresholds(services.db, site, offer, activity);
  } catch (error) {
    services.logger.error('threshold reward check failed', { site: site.site_slug, offer: offer.id, activity, error: String(error) });
  }
}
