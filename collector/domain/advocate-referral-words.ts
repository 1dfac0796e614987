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
    waitingUntil: (day: string) => `Return window: it counts on ${day} if your friend keeps the order`,
    waitingForShop: 'The shop has yet to confirm your friend’s order',
    beingChecked: 'The shop is checking this referral',
    selfReferral: 'This was your own order',
    friendNotNew: 'Your friend had ordered before',
    refunded: 'Your friend’s order was returned',
    voided: 'The shop cancelled this referral',
    earned: (reward: string) => `You earned ${reward}`,
    reversed: (reward: string) => `Your friend’s order was returned, so ${reward} was taken back`,
    limitReached: 'No reward: you reached the campaign’s limit',
    noReward: 'No reward for this one',
    goal: 'a sharing goal',
  },
  fr: {
    waitingUntil: (day: string) => `Délai de retour : compté le ${day} si votre ami garde la commande`,
    waitingForShop: 'La boutique doit encore confirmer la commande de votre ami',
    beingChecked: 'La boutique vérifie ce parrainage',
    selfReferral: 'C’était votre propre commande',
    friendNotNew: 'Votre ami avait déjà commandé',
    refunded: 'La commande de votre ami a été retournée',
    voided: 'La boutique a annulé ce parrainage',
    earned: (reward: string) => `Vous avez gagné ${reward}`,
    reversed: (reward: string) => `La commande de votre ami a été retournée : ${reward} a été repris`,
    limitReached: 'Pas de récompense : vous avez atteint la limite de la campagne',
    noReward: 'Pas de récompense pour celui-ci',
    goal: 'un objectif de partage',
  },
} as const;

export type DashboardLocale = keyof typeof WORDS;

/** "5 Mar 2026" / "5 mars 2026". */
export function readableDay(locale: DashboardLocale, iso: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** The status an advocate sees, and why, in one sentence that does not repeat the status (pages show both side by side). */
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
