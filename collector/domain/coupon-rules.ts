import type { Reward } from '../config/site-config.schema';

/** Milliseconds in a day, for expires_in_days. */
const DAY_IN_MS = 86_400_000;

/**
 * When a code issued now under this reward stops applying: `expires_in_days` after issue, or
 * null (never). Fixed on the code when it is issued, so changing the configuration later does
 * not move the end of codes already given out.
 */
export function couponExpiresAt(reward: Pick<Reward, 'incentive' | 'expires_in_days'>, issuedAt: Date): string | null {
  if (reward.incentive !== 'discount_coupon' || reward.expires_in_days === undefined) return null;
  return new Date(issuedAt.getTime() + reward.expires_in_days * DAY_IN_MS).toISOString();
}

/** Whether one order uses the code up: true unless the reward says `single_use: false`. */
export function isSingleUse(reward: Pick<Reward, 'single_use'>): boolean {
  return reward.single_use !== false;
}

/** Whether the code has stopped applying at `now`. */
export function isExpired(expiresAt: string | null | undefined, now: Date): boolean {
  return expiresAt !== null && expiresAt !== undefined && new Date(expiresAt).getTime() <= now.getTime();
}
