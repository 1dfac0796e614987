import type { Kysely } from 'kysely';
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
 * Approves referrals of "auto" sites once their cooling period is over. Due work is read from
 * the store (referrals.approve_after) on every round, never kept in timers, so restarts lose
 * nothing; the conditional status update makes an approval happen once even when several
 * instances run this together.
 */
export function startAutoApproval(config: {
  db: Kysely<Database>;
  sites: SiteDirectory;
  logger: Logger;
  onApproved: () => void;
  options?: AutoApprovalOptions;
}): AutoApproval {
  const { db, sites, logger } = config;
  const intervalInMs = config.options?.intervalInMs ?? DEFAULT_INTERVAL_IN_MS;
  const batchSize = config.options?.batchSize ?? DEFAULT_BATCH_SIZE;
  // A site switched to "manual" keeps its referrals waiting for a person, whatever approve_after
  // says — unless one of its campaigns approves on its own (a manual campaign's referrals get no approve_after).
  const autoSiteIds = sites.all().filter((site) => site.approval.mode === 'auto' || site.campaigns?.some((campaign) => campaign.approval?.mode === 'auto')).map((site) => site.id);
  const round = async (): Promise<boolean> => {
    const due = await findDueReferrals(db, { siteIds: autoSiteIds, statuses: statusesLeadingTo('approved'), now: new Date().toISOString(), limit: batchSize });
    let approved = 0;
    for (const referral of due) {
      const site = sites.byId(referral.site_id)!;
      try {
        const change = await changeReferralStatus(db, site, referral.id, 'approved', 'scheduler:cooling_period_over');
        if (change.changed) approved++;
        for (const problem of change.problems) logger.warn(problem, { site: site.site_slug });
      } catch (error) {
        // Voided or blocked between the read and the update: nothing to approve. Anything else is
        // logged and the round goes on, so one broken referral cannot hold up those behind it.
        if (isIllegalTransition(error)) continue;
        logger[isStoreUnavailableError(error) ? 'warn' : 'error']('auto-approval of a referral failed', { referral: referral.id, error: String(error) });
      }
    }
    if (approved > 0) {
      logger.info('referrals approved after their cooling period', { count: approved });
      config.onApproved();
    }
    return due.length === batchSize;
  };

  return startPeriodicJob({ name: 'auto-approval', intervalInMs, logger, round });
}
