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
import { talkableRewardStatus } from './talkable-reward-status';

/** What a person's Talkable shape counts and links beyond their own row. */
export interface PersonProfileFacts {
  /** Their personal share page (their latest offer's show_url), or null without an offer. */
  personalClaimUrl: string | null;
  eventsCount: number;
  unsubscribedAt: string | null;
  /** The email of the advocate who referred them, or null. */
  referredBy: string | null;
  referralCounts: { total: number; approved: number; pending: number };
  rewardCounts: { total: number; unpaid: number; paid: number; voided: number };
  /** Shares per channel. */
  shareCounts: Record<string, number>;
}

/** Looks up what the people API's person shape counts: offer, events, unsubscribe, referrer, referrals, rewards and shares. */
export async function personProfileFactsOf(db: Kysely<Database>, site: Site, publicUrl: string, person: PersonRow): Promise<PersonProfileFacts> {
  const [offer, eventsCount, unsubscribed, referrer, referralCounts, rewards, shareCounts] = await Promise.all([
    latestOfferOf(db, person.id),
    countEventsOf(db, person.id),
    unsubscribedAt(db, site.id, person.email),
    referrerOf(db, person.id),
    countReferralsOfAdvocate(db, person),
    rewardsOfPeople(db, [person.id]),
    countSharesByChannel(db, person.id),
  ]);
  const statuses = rewards.map(talkableRewardStatus);
  const count = (status: string) => statuses.filter((each) => each === status).length;
  return {
    personalClaimUrl: offer ? offerPageUrl(publicUrl, offer.short_url_code) : null,
    eventsCount,
    unsubscribedAt: unsubscribed,
    referredBy: referrer?.email ?? null,
    referralCounts,
    rewardCounts: { total: rewards.length, unpaid: count('Unpaid'), paid: count('Paid'), voided: count('Voided') },
    shareCounts,
  };
}

/** The coupon codes of these rewards that an order already carried (Talkable's coupon.used). */
export async function usedRewardCoupons(db: Kysely<Database>, siteId: string, rewards: readonly RewardRow[]): Promise<Set<string>> {
  const codes = [...new Set(rewards.map((reward) => reward.coupon_code).filter((code): code is string => !!code))];
  const used = await Promise.all(codes.map(async (code) => ((await couponCodeRedeemed(db, siteId, code)) ? code : null)));
  return new Set(used.filter((code): code is string => code !== null));
}
