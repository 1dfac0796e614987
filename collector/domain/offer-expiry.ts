import type { RewardSettings } from '../config/site-config.schema';

const DAY_IN_MS = 24 * 3600 * 1000;

/**
 * When an advocate's offer stops referring anyone: `offer_expires_in_days` after it was made, or
 * null (never). Computed from the settings as they are now, not stored on the offer, so a
 * merchant who lengthens the period gives the offers already out the longer life too.
 */
export function offerExpiresAt(settings: Pick<RewardSettings, 'offer_expires_in_days'>, offerCreatedAt: string): string | null {
  const days = settings.offer_expires_in_days;
  return days === undefined ? null : new Date(Date.parse(offerCreatedAt) + days * DAY_IN_MS).toISOString();
}

/** Whether the offer has expired at `now`. */
export function isOfferExpired(settings: Pick<RewardSettings, 'offer_expires_in_days'>, offerCreatedAt: string, now: Date): boolean {
  const expiresAt = offerExpiresAt(settings, offerCreatedAt);
  return expiresAt !== null && now.getTime() >= Date.parse(expiresAt);
}

/** Why a purchase through an expired offer closed no referral, in the words the origin's answer gives. */
export function expiredOfferReason(expiresAt: string): string {
  return `offer_expired: the advocate's offer expired at ${expiresAt} (offer_expires_in_days), so this purchase closes no referral`;
}
