import type { ReferralRow, RewardRow } from '../store/tables';

/** How an advocate sees a referral: it counts, it waits, or it does not count. */
export type AdvocateReferralStatus = 'approved' | 'pending' | 'not_counted';

/**
 * The advocate's own words for a referral's state, in the site's language. Unlike the
 * merchant's explanation (referral-explanation.ts), they name no fraud rule and no person: an
 * advocate learns whether and when it counts, not how the shop checks.
 */
const WORDS = {
  en: {
    waitingUntil: (day: string) => `waiting for the return window: it counts on ${day} if the order is kept`,
    waitingForShop: 'waiting for the shop to confirm your friend’s order',
    beingChecked: 'the shop is checking this referral',
    selfReferral: 'not counted: this was your own order',
    friendNotNew: 'not counted: your friend had ordered before',
    refunded: 'not counted: your friend’s order was returned',
    voided: 'not counted: the shop cancelled this referral',
    earned: (reward: string) => `counted: you earned ${reward}`,
    reversed: (reward: string) => `not counted: your friend’s order was returned, so ${reward} was taken back`,
    limitReached: 'counted, without a reward: you reached the campaign’s limit',
    noReward: 'counted',
    goal: 'a sharing goal',
  },
  fr: {
    waitingUntil: (day: string) => `en attente du délai de retour : compté le ${day} si la commande est gardée`,
    waitingForShop: 'en attente de la confirmation de la commande de votre ami par la boutique',
    beingChecked: 'la boutique vérifie ce parrainage',
    selfReferral: 'non compté : c’était votre propre commande',
    friendNotNew: 'non compté : votre ami avait déjà commandé',
    refunded: 'non compté : la commande de votre ami a été retournée',
    voided: 'non compté : la boutique a annulé ce parrainage',
    earned: (reward: string) => `compté : vous avez gagné ${reward}`,
    reversed: (reward: string) => `non compté : la commande de votre ami a été retournée, ${reward} a été repris`,
    limitReached: 'compté, sans récompense : vous avez atteint la limite de la campagne',
    noReward: 'compté',
    goal: 'un objectif de partage',
  },
} as const;

export type DashboardLocale = keyof typeof WORDS;

/** "5 Mar 2026" / "5 mars 2026". */
export function readableDay(locale: DashboardLocale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** The status an advocate sees, and why, in one sentence. */
export function advocateReferralWords(
  locale: DashboardLocale,
  referral: Pick<ReferralRow, 'status' | 'blocked_reason' | 'approve_after' | 'advocate_reward_withheld_reason' | 'voided_reason'>,
  advocateReward: Pick<RewardRow, 'incentive_description' | 'reversed_at'> | undefined,
): { status: AdvocateReferralStatus; reason: string } {
  const words = WORDS[locale];
  switch (referral.status) {
    case 'approved':
      if (advocateReward?.reversed_at) return { status: 'not_counted', reason: words.reversed(advocateReward.incentive_description) };
      if (advocateReward) return { status: 'approved', reason: words.earned(advocateReward.incentive_description) };
      return { status: 'approved', reason: referral.advocate_reward_withheld_reason?.startsWith('limit') ? words.limitReached : words.noReward };
    case 'voided':
      return { status: 'not_counted', reason: referral.voided_reason === 'refunded' ? words.refunded : words.voided };
    case 'blocked':
      if (referral.blocked_reason?.startsWith('self_referral')) return { status: 'not_counted', reason: words.selfReferral };
      if (referral.blocked_reason?.startsWith('friend_not_new')) return { status: 'not_counted', reason: words.friendNotNew };
      return { status: 'pending', reason: words.beingChecked };
    case 'flagged':
      return { status: 'pending', reason: words.beingChecked };
    case 'pending':
    case 'unblocked':
      return { status: 'pending', reason: referral.approve_after ? words.waitingUntil(readableDay(locale, referral.approve_after)) : words.waitingForShop };
  }
}

/** What stands for the friend of a referral that has none (a click or share goal reached). */
export function goalWords(locale: DashboardLocale): string {
  return WORDS[locale].goal;
}
