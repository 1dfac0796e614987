import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { offerPageUrl } from '../contract/public-urls';
import { couponCodeRedeemed } from '../store/origin.repository';
import {
  countEventsOf,
  countSharesByChannel,
  latestOfferOf,
  referrerOf,
  rewardsOfPeople,
  unsubscribedAt,
} from '../store/person-profile.repository';
import { countReferralsOfAdvocate } from '../store/referral.repository';
import type { Database, PersonRow, RewardRow } from '../store/tables';
import { personProfileView } from '../views/person-profile.view';
import { talkableRewardStatus, talkableRewardView } from '../views/talkable-reward.view';

/** The person in Talkable's people API shape, with everything it counts looked up. */
export async function personProfileOf(db: Kysely<Database>, site: Site, publicUrl: string, person: PersonRow) {
  const [offer, eventsCount, unsubscribed, referrer, referralCounts, rewards, shareCounts] = await Promise.all([
    latestOfferOf(db, person.id),
    countEventsOf(db, person.id),
    unsubscribedAt(db, site.id, person.email),
    referrerOf(db, person.id),
    countReferralsOfAdvocate(db, person.id),
    rewardsOfPeople(db, [person.id]),
    countSharesByChannel(db, person.id),
  ]);
  const statuses = rewards.map(talkableRewardStatus);
  const count = (status: string) => statuses.filter((each) => each === status).length;
  return personProfileView(person, {
    personalClaimUrl: offer ? offerPageUrl(publicUrl, offer.short_url_code) : null,
    eventsCount,
    unsubscribedAt: unsubscribed,
    referredBy: referrer?.email ?? null,
    referralCounts,
    rewardCounts: { total: rewards.length, unpaid: count('Unpaid'), paid: count('Paid'), voided: count('Voided') },
    shareCounts,
  });
}

/** Rewards in Talkable's shape, each with whether an order already carried its coupon code. */
export async function talkableRewardsOf(db: Kysely<Database>, site: Site, rewards: readonly RewardRow[]) {
  return Promise.all(rewards.map(async (reward) => talkableRewardView(site, reward, reward.coupon_code ? await couponCodeRedeemed(db, site.id, reward.coupon_code) : false)));
}
