import type { Kysely } from 'kysely';
import type { ReviewAction, ReviewStatus } from '../contract/console-api';
import type { Site } from '../config/site-config.schema';
import { findReferral, listReferralsInStatus, loadReferralDetailsOfPage, type ReferralDetails } from '../store/referral.repository';
import type { Database, ReferralRow, ReferralStatus } from '../store/tables';
import type { ConsoleUser } from '../contract/console-api';
import type { AuditAction } from './audit-log';
import { changeReferralStatus, type StatusChange } from './referral-lifecycle';
import { Refusal } from './refusal';
import { firedWords, fraudPayload } from '../webhooks/fraud-payload';

/**
 * The referrals that wait for a person, and the decisions a console user makes on them. A
 * decision goes through the same status change as the API's (referral-lifecycle.ts), with the
 * user and their note in the referral's history and the audit log.
 */

/**
 * What each queue holds. "pending" includes unblocked referrals waiting for their approval, and
 * the ones the fraud rules flagged for a person (their reason says which signal, in words).
 */
const QUEUE_STATUSES: Record<ReviewStatus, readonly ReferralStatus[]> = {
  pending: ['pending', 'flagged', 'unblocked'],
  blocked: ['blocked'],
};

const STATUS_OF_ACTION: Record<ReviewAction, ReferralStatus> = { approve: 'approved', void: 'voided', unblock: 'unblocked' };
const AUDIT_OF_ACTION: Record<ReviewAction, AuditAction> = { approve: 'referral.approve', void: 'referral.void', unblock: 'referral.unblock' };

/** One page of a site's queue, oldest first, with what each referral's view needs. */
export async function reviewQueuePage(
  db: Kysely<Database>,
  site: Site,
  filter: { status: ReviewStatus; after?: string | undefined; limit: number },
): Promise<{ referrals: ReferralDetails[]; nextCursor: string | null }> {
  const rows = await listReferralsInStatus(db, { siteId: site.id, statuses: QUEUE_STATUSES[filter.status], after: filter.after, limit: filter.limit });
  const referrals = await loadReferralDetailsOfPage(db, rows);
  return { referrals, nextCursor: rows.length === filter.limit ? rows.at(-1)!.id : null };
}

/** The names the blocking rules give their reasons (see attribution.ts, campaign-rules.ts), in words. */
const BLOCKED_RULE_WORDS: Record<string, string> = {
  self_referral: 'self-referral',
  friend_not_new: 'the friend is not a new customer',
  advocate_refunded: "the advocate's purchase was refunded",
};

/**
 * Why a referral was blocked, in words: "self-referral — the friend used the advocate's own
 * link". The rules store "<rule>: <detail>".
 */
export function blockedReasonInWords(reason: string | null): string {
  if (!reason) return 'blocked by a rule';
  const colon = reason.indexOf(':');
  const rule = colon === -1 ? reason : reason.slice(0, colon);
  const detail = colon === -1 ? '' : reason.slice(colon + 1).trim();
  const words = BLOCKED_RULE_WORDS[rule] ?? rule.replaceAll('_', ' ');
  return detail ? `${words} — ${detail}` : words;
}

/** Why a referral waits for a person, in words. */
export function waitingReason(site: Site, details: ReferralDetails): string {
  const { referral, friendOrigin } = details;
  if (referral.status === 'blocked') return `blocked: ${blockedReasonInWords(referral.blocked_reason)}`;
  if (referral.status === 'flagged') {
    const words = firedWords(fraudPayload(referral));
    const until = referral.flagged_until ? `; resolves by itself ${readableTime(referral.flagged_until)}` : '';
    return `flagged for review: ${words.length > 0 ? words.join('; ') : 'a fraud rule fired'}${until}`;
  }
  if (referral.approve_after) return `cooling period until ${readableTime(referral.approve_after)}, then approved automatically`;
  if (site.approval.mode === 'manual') return 'waiting for approval (manual mode)';
  if (friendOrigin && friendOrigin.verified !== 1) return "waiting for approval: the purchase was reported by a browser only, not by the shop's server";
  if (referral.attribution_verified === 0) return "waiting for approval: the friend's tie to the advocate rests on a browser's word only (a visitor id or coupon of an unsigned purchase)";
  return 'waiting for approval';
}

/** "2026-03-05 09:00 UTC". */
function readableTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * Applies a console user's decision (approve, void, unblock) to a referral of the site. A
 * referral not of this site answers like one that does not exist; a move the status table does
 * not allow is the domain's illegal_transition.
 */
export async function decideReferral(
  db: Kysely<Database>,
  site: Site,
  decision: { referralId: string; action: ReviewAction; note?: string | undefined },
  user: ConsoleUser,
  now: Date,
): Promise<StatusChange> {
  const referral: ReferralRow | undefined = await findReferral(db, decision.referralId);
  if (!referral || referral.site_id !== site.id) throw referralNotFound();
  return changeReferralStatus(db, site, referral.id, STATUS_OF_ACTION[decision.action], `console:${decision.action}`, now, {
    actor: { userId: user.id, email: user.email },
    action: AUDIT_OF_ACTION[decision.action],
    note: decision.note,
  });
}

/** No referral of this site has the id. */
export function referralNotFound(): Refusal {
  return new Refusal({ code: 'referral_not_found', kind: 'not_found', field: 'id', detail: 'names no referral of this site' });
}
