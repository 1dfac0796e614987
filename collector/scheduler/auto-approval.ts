import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../clock';
import type { SiteDirectory } from '../config/site-directory';
import { changeReferralStatus } from '../domain/referral-lifecycle';
import { isIllegalTransition, statusesLeadingTo } from '../domain/referral-status';
import type { Logger } from '../logger';
import { findDueReferrals } from '../store/referral.repository';
import { isStoreUnavailableError } from '../store/store-unavailable';
import type { Database } from '../store/tables';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

export interface AutoApprovalOptions {
  /** How often the store is asked for referrals whose cooling period is over. */
  intervalInMs?: number;
  /** Most referrals approved per round. */
  batchSize?: number;
}

export type AutoApproval = PeriodicJob;

const DEFAULT_INTERVAL_IN_MS = 60_000;
const DEFAULT_BATCH_SIZE = 100;

/**
 * One round: approves the referrals of "auto" sites whose cooling period is over by `now`. A site
 * switched to "manual" keeps its referrals waiting for a person, whatever approve_after says. The
 * conditional status update makes an approval happen once, whichever instance runs the round.
 * Answers how many were approved and whether the batch was full (more may be due).
 */
export async function approveDueReferrals(config: { db: Kysely<Database>; sites: SiteDirectory; logger: Logger; now: Date; batchSize?: number }): Promise<{ approved: number; more: boolean }> {
  const { db, sites, logger, now } = config;
  const batchSize = config.batchSize ?? DEFAULT_BATCH_SIZE;
  // A site switched to "manual" keeps its referrals waiting for a person, whatever approve_after
  // says — unless one of its campaigns approves on its own (a manual campaign's referrals get no approve_after).
  const autoSiteIds = sites.all().filter((site) => site.approval.mode === 'auto' || site.campaigns?.some((campaign) => campaign.approval?.mode === 'auto')).map((site) => site.id);
  const due = await findDueReferrals(db, { siteIds: autoSiteIds, statuses: statusesLeadingTo('approved'), now: now.toISOString(), limit: batchSize });
  let approved = 0;
  for (const referral of due) {
    const site = sites.byId(referral.site_id)!;
    try {
      const change = await changeReferralStatus(db, site, referral.id, 'approved', 'scheduler:cooling_period_over', now);
      if (change.changed) approved++;
      for (const problem of change.problems) logger.warn(problem, { site: site.site_slug });
    } catch (error) {
      // Voided or blocked between the read and the update: nothing to approve. Anything else is
      // logged and the round goes on, so one broken referral cannot hold up those behind it.
      if (isIllegalTransition(error)) continue;
      logger[isStoreUnavailableError(error) ? 'warn' : 'error']('auto-approval of a referral failed', { referral: referral.id, error: String(error) });
    }
  }
  if (approved > 0) logger.info('referrals approved after their cooling period', { count: approved });
  return { approved, more: due.length === batchSize };
}

/**
 * Approves referrals of "auto" sites once their cooling period is over, by the collector's clock.
 * Due work is read from the store (referrals.approve_after) on every round, never kept in timers,
 * so restarts lose nothing.
 */
export function startAutoApproval(config: {
  db: Kysely<Database>;
  sites: SiteDirectory;
  logger: Logger;
  /** Where "now" comes from: the collector's clock, so a test moves past a cooling period by hand. */
  clock?: Clock;
  onApproved: () => void;
  options?: AutoApprovalOptions;
}): AutoApproval {
  const clock = config.clock ?? systemClock;
  const round = async (): Promise<boolean> => {
    const { approved, more } = await approveDueReferrals({ ...config, now: clock(), batchSize: config.options?.batchSize });
    if (approved > 0) config.onApproved();
    return more;
  };
  return startPeriodicJob({ name: 'auto-approval', intervalInMs: config.options?.intervalInMs ?? DEFAULT_INTERVAL_IN_MS, logger: config.logger, round });
}
