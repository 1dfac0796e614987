/**
 * What the email form says after the collector answered: how many were sent and why each other
 * address was not, or why the whole share was refused.
 */
import { type EmailShareResult, type RecipientResult, isRecord } from './response-shape';
import { type Strings, fill } from './strings';
import { toVouchError } from './vouch-error';

// Checked in this order: the first flag that holds is the reason given.
const REASONS: [keyof RecipientResult, keyof Strings][] = [
  ['self_referral', 'reasonSelf'],
  ['previously_sent', 'reasonPrevious'],
  ['unsubscribed', 'reasonUnsubscribed'],
  ['blocklisted', 'reasonBlocked'],
  // The flag's older name, for a collector that answers only that.
  ['blacklisted', 'reasonBlocked'],
];

/** Why the collector did not send to one recipient, in the visitor's words. */
export function notSentReason(s: Strings, flags: RecipientResult): string {
  if (flags.email_valid === false) return s.reasonInvalid;
  const reason = REASONS.find(([flag]) => flags[flag]);
  return s[reason?.[1] ?? 'reasonOther'];
}

/** The summary line and one line per address that was not sent to. */
export function describeEmailShare(s: Strings, { stats, recipients }: EmailShareResult) {
  return {
    ok: stats.currently_sent > 0,
    summary: fill(s.sent, { count: stats.currently_sent }),
    notSent: Object.entries(recipients)
      .filter(([, flags]) => isRecord(flags) && !flags.currently_sent)
      .map(([email, flags]) => `${email}: ${notSentReason(s, flags)}`),
  };
}

/**
 * A refused share, by the collector's stable reason: its word on the recipients, the wait after
 * a limit, or an apology.
 */
export function describeEmailShareError(s: Strings, thrown: unknown): { fieldError?: string; outcome?: { ok: false; summary: string } } {
  const { reason, message, status, retryAfterSeconds } = toVouchError(thrown);
  if (reason === 'recipients_invalid') return { fieldError: message };
  const summary = status === 429 ? fill(s.rateLimited, { seconds: retryAfterSeconds ?? 60 }) : s.sendFailed;
  return { outcome: { ok: false, summary } };
}
