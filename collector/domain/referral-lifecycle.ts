import type { Kysely } from 'kysely';
import { writeTransaction } from '../store/write-transaction';
import type { Site } from '../config/site-config.schema';
import { enqueueReferralWebhook } from '../webhooks/referral-webhook';
import { enqueueRewardWebhooks } from '../webhooks/reward-webhook';
import { enqueueLifecycleWebhooks } from '../webhooks/lifecycle-webhook';
import { findOfferById } from '../store/offer.repository';
import { isOriginVerified } from '../store/origin.repository';
import { findReferral, recordStatusChange, setAdvocateRewardWithheld, setFriendRewardWithheld, updateReferralStatusIf } from '../store/referral.repository';
import type { Database, ReferralRow, ReferralStatus } from '../store/tables';
import { approveAfter } from './campaign-rules';
import { canTransition, illegalTransition, WEBHOOK_STATUSES } from './referral-status';
import { issueRewards } from './rewards';
import { referralCampaignSettings } from './referral-campaign';
import { recordAudit, type Actor, type AuditAction } from './audit-log';

/** A change a console user made: who, the audit log's name for it, and their note. */
export interface ChangeByPerson {
  actor: Actor;
  action: AuditAction;
  note?: string | null | undefined;
}

export interface StatusChange {
  referral: ReferralRow;
  /** False when the referral already had the asked status (a repeated PUT, or another instance won). */
  changed: boolean;
  /** A web hook written for the change (Referral, else Reward, else lifecycle), if any: the caller wakes the outbox for it. */
  webhookId: string | null;
  /** Conditions for the log (an empty coupon pool). */
  problems: string[];
  /** The advocate's offer code, which the referral's answer shows. */
  advocateShortUrlCode: string;
}

/**
 * Moves a referral to a new status, in one transaction with everything the change implies: the
 * history row (with its cause: "api", "scheduler"...; for a console user, who and their note, and
 * the audit log's entry), the rewards and their Reward web hooks on
 * approval, and the Referral web hook on approval or unblocking. The update only applies while the referral is still in the status it
 * was read in, so of two concurrent approvals exactly one issues rewards and a web hook.
 * Refuses (illegal_transition, a conflict) a change the status table forbids.
 */
export async function changeReferralStatus(
  db: Kysely<Database>,
  site: Site,
  referralId: string,
  to: ReferralStatus,
  cause: string,
  now = new Date(),
  by?: ChangeByPerson,
): Promise<StatusChange> {
  const at = now.toISOString();
  const note = by?.note?.trim() || null;
  const change = await writeTransaction(db, async (trx): Promise<Omit<StatusChange, 'advocateShortUrlCode'>> => {
    const current = await findReferral(trx, referralId);
    if (!current || current.site_id !== site.id) throw new Error(`referral ${referralId} is not on site ${site.site_slug}`);
    if (current.status === to) return { referral: current, changed: false, webhookId: null, problems: [] };
    if (!canTransition(current.status, to)) throw illegalTransition(current.status, to);

    // Unblocked referrals follow the normal course: approved when their cooling period is over,
    // unless the friend's purchase, or its tie to the advocate, was reported by a browser alone
    // (then a person approves).
    const automatic = to === 'unblocked' && current.attribution_verified !== 0 && (await isOriginVerified(trx, current.friend_origin_id));
    const changes = {
      status: to,
      updated_at: at,
      approve_after: automatic ? approveAfter(await referralCampaignSettings(trx, site, current), new Date(current.created_at)) : null,
    };
    if (!(await updateReferralStatusIf(trx, current.id, current.status, changes))) {
      const latest = (await findReferral(trx, referralId))!;
      if (latest.status === to) return { referral: latest, changed: false, webhookId: null, problems: [] };
      throw illegalTransition(latest.status, to);
    }
    await recordStatusChange(trx, current.id, current.status, to, cause, at, by ? { email: by.actor.email, note } : undefined);
    // In the same transaction as the change: no change without its entry, no entry for a change rolled back.
    if (by) await recordAudit(trx, { actor: by.actor, action: by.action, siteId: site.id, subject: current.id, note, detail: { from: current.status, to } }, now);
    let referral: ReferralRow = { ...current, ...changes };
    const problems: string[] = [];
    if (to === 'approved') {
      const issued = await issueRewards(trx, site, referral, now);
      problems.push(...issued.problems);
      if (issued.advocateWithheldReason) {
        await setAdvocateRewardWithheld(trx, referral.id, issued.advocateWithheldReason);
        referral = { ...referral, advocate_reward_withheld_reason: issued.advocateWithheldReason };
      }
      if (issued.friendWithheldReason) {
        await setFriendRewardWithheld(trx, referral.id, issued.friendWithheldReason);
        referral = { ...referral, friend_reward_withheld_reason: issued.friendWithheldReason };
      }
    }
    const referralWebhookId = WEBHOOK_STATUSES.includes(to) ? await enqueueReferralWebhook(trx, site, referral, now) : null;
    // Every reward the referral has was issued just now: the approval is its only way in.
    const rewardWebhookIds = to === 'approved' ? await enqueueRewardWebhooks(trx, site, referral, () => true, now) : [];
    const lifecycleWebhookIds = await enqueueLifecycleWebhooks(trx, site, referral, current.status, now);
    return { referral, changed: true, webhookId: referralWebhookId ?? rewardWebhookIds[0] ?? lifecycleWebhookIds[0] ?? null, problems };
  });
  const advocateOffer = await findOfferById(db, change.referral.advocate_offer_id);
  return { ...change, advocateShortUrlCode: advocateOffer?.short_url_code ?? '' };
}

/**
 * Voids a referral nobody has decided yet (pending, blocked or unblocked), with its history row
 * (the cause) and its referral.voided web hook, if it is still in the status it was read in.
 * Answers the voided referral and the web hooks written, or undefined when it could not be voided
 * (decided already, or another request moved it first).
 */
export async function voidUndecidedReferral(
  db: Kysely<Database>,
  site: Site,
  referral: ReferralRow,
  why: { cause: string; voidedReason?: string },
  now: Date,
): Promise<{ referral: ReferralRow; webhookIds: string[] } | undefined> {
  if (referral.status === 'approved' || !canTransition(referral.status, 'voided')) return undefined;
  const at = now.toISOString();
  const changes = { status: 'voided' as const, approve_after: null, updated_at: at, ...(why.voidedReason ? { voided_reason: why.voidedReason } : {}) };
  if (!(await updateReferralStatusIf(db, referral.id, referral.status, changes))) return undefined;
  await recordStatusChange(db, referral.id, referral.status, 'voided', why.cause, at);
  const voided: ReferralRow = { ...referral, ...changes };
  return { referral: voided, webhookIds: await enqueueLifecycleWebhooks(db, site, voided, referral.status, now) };
}
