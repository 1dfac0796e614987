import type { ReferralStatus } from '../store/tables';
import { Refusal } from './refusal';

/**
 * Where a referral may go from each status. Approved and voided are final (Talkable: they
 * "cannot be changed to the opposite state"); a blocked referral must be unblocked (or
 * voided) by a person before it can be approved; a flagged one (the fraud rules' "look at this")
 * may be approved, voided, blocked or unblocked.
 */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  pending: ['approved', 'voided'],
  // A referral the fraud rules flagged waits for a person: approve, void, block (certain fraud),
  // or unblock (cleared: it then follows the site's approval course like an unblocked one).
  flagged: ['approved', 'voided', 'blocked', 'unblocked'],
  blocked: ['unblocked', 'voided'],
  unblocked: ['approved', 'voided'],
  approved: [],
  voided: [],
};

/** Statuses after which the merchant's server hears about the referral (Talkable's Referral web hook). */
export const WEBHOOK_STATUSES: readonly ReferralStatus[] = ['approved', 'unblocked'];

/** Whether a referral in `from` may become `to`. */
export function canTransition(from: ReferralStatus, to: ReferralStatus): boolean {
  return REFERRAL_TRANSITIONS[from].includes(to);
}

/** The statuses a referral must be in to become `to` (for conditional updates). */
export function statusesLeadingTo(to: ReferralStatus): ReferralStatus[] {
  return (Object.keys(REFERRAL_TRANSITIONS) as ReferralStatus[]).filter((from) => canTransition(from, to));
}

/** The refusal of a status change the table does not allow, naming both statuses. */
export function illegalTransition(from: ReferralStatus, to: ReferralStatus): Refusal {
  return new Refusal({
    code: 'illegal_transition',
    kind: 'conflict',
    field: 'data.status',
    detail: `cannot change from ${from} to ${to}`,
    message: `a referral that is ${from} cannot become ${to}`,
  });
}

/** Whether an error is the refusal of a status change the table does not allow. */
export function isIllegalTransition(error: unknown): boolean {
  return error instanceof Refusal && error.code === 'illegal_transition';
}
