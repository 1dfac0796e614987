import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { findPersonByIdentity } from '../store/person.repository';
import { latestOfferOf, referralsOfAdvocate, rewardsOfPeople } from '../store/person-profile.repository';
import type { Database, PersonRow } from '../store/tables';
import { advocateReferralWords, goalWords, type AdvocateReferralStatus } from './advocate-referral-words';

/** One referral as its advocate sees it: the friend masked, never their address. */
export interface DashboardReferral {
  friend: string;
  created_at: string;
  status: AdvocateReferralStatus;
  reason: string;
}

/** One reward: issued (approved, or reversed since) or still waiting on its referral. */
export interface DashboardReward {
  description: string;
  /** The amount when the reward has one (a rebate, a computed percentage); null when the description says it all. */
  amount: number | null;
  coupon_code: string | null;
  status: 'approved' | 'pending' | 'reversed';
  created_at: string;
}

/** Everything the advocate's dashboard shows. */
export interface AdvocateDashboard {
  first_name: string | null;
  email: string;
  /** The advocate's latest offer (their link and share buttons), or null when they have none yet. */
  short_url_code: string | null;
  referrals: DashboardReferral[];
  rewards: DashboardReward[];
  totals: { referrals: number; approved: number; pending: number; not_counted: number; rewards_approved: number; rewards_pending: number; amount_approved: number };
}

/** "ben@example.com" → "b•••@example.com": enough for the advocate to recognise a friend, not to learn an address. */
export function maskFriendEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

/** The person an address names on the site, if they are one. */
export function findAdvocate(db: Kysely<Database>, site: Site, email: string): Promise<PersonRow | undefined> {
  return findPersonByIdentity(db, site.id, `email:${email.trim().toLowerCase()}`);
}

/** Gathers the advocate's dashboard: their link, each referral with its reason in words, their rewards and totals. */
export async function advocateDashboard(db: Kysely<Database>, site: Site, person: PersonRow): Promise<AdvocateDashboard> {
  const [offer, entries, rewardRows] = await Promise.all([latestOfferOf(db, person.id), referralsOfAdvocate(db, person.id), rewardsOfPeople(db, [person.id])]);
  const referrals = entries.map(({ referral, friend, advocateReward }) => ({
    friend: friend?.email ? maskFriendEmail(friend.email) : goalWords(site.locale),
    created_at: referral.created_at,
    ...advocateReferralWords(site.locale, referral, advocateReward),
  }));
  const issued: DashboardReward[] = rewardRows
    .filter((reward) => reward.side === 'advocate')
    .map((reward) => ({
      description: reward.incentive_description,
      amount: reward.amount,
      coupon_code: reward.reversed_at ? null : reward.coupon_code,
      status: reward.reversed_at ? 'reversed' : 'approved',
      created_at: reward.created_at,
    }));
  // A referral still waiting earns the campaign's reward once approved: shown as pending.
  const waiting: DashboardReward[] = referrals
    .filter((referral) => referral.status === 'pending')
    .map((referral) => ({ description: site.advocate_reward.incentive_description, amount: null, coupon_code: null, status: 'pending', created_at: referral.created_at }));
  const rewards = [...waiting, ...issued];
  const count = <T extends { status: string }>(list: T[], status: string) => list.filter((each) => each.status === status).length;
  return {
    first_name: person.first_name,
    email: person.email ?? '',
    short_url_code: offer?.short_url_code ?? null,
    referrals,
    rewards,
    totals: {
      referrals: referrals.length,
      approved: count(referrals, 'approved'),
      pending: count(referrals, 'pending'),
      not_counted: count(referrals, 'not_counted'),
      rewards_approved: count(rewards, 'approved'),
      rewards_pending: count(rewards, 'pending'),
      amount_approved: issued.filter((reward) => reward.status === 'approved').reduce((sum, reward) => sum + (reward.amount ?? 0), 0),
    },
  };
}
