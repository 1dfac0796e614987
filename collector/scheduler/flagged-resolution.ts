import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { SiteDirectory } from '../config/site-directory';
import { changeReferralStatus } from '../domain/referral-lifecycle';
import { isIllegalTransition } from '../domain/referral-status';
import type { Logger } from '../logger';
import { findDueFlaggedReferrals } from '../store/referral.repository';
import { isStoreUnavailableError } from '../store/store-unavailable';
import type { Database, ReferralStatus } from '../store/tables';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

export interface FlaggedResolutionOptions {
  /** How often the store is asked for flagged referrals past their review deadline. */
  intervalInMs?: number;
  /** Most referrals resolved per round. */
  batchSize?: number;
}

export type FlaggedResolution = PeriodicJob;

const DEFAULT_INTERVAL_IN_MS = 10 * 60_000;
const DEFAULT_BATCH_SIZE = 100;

/** The history cause of a flagged referral resolved by its deadline. */
export const FLAGGED_DEADLINE_CAUSE = 'scheduler:flagged_deadline';

/**
 * What a site's flagged_auto_resolution outcome makes of a flagged referral nobody decided:
 * "approve" clears it as a person's unblock would (it then follows the site's approval course:
 * approved after its cooling period on an "auto" site whose shop's server reported the purchase,
 * else it waits for a person's approval, as any referral a browser alone vouches for does), so a
 * deadline never pays a reward the rules would not pay; "void" voids it.
 */
const STATUS_OF_OUTCOME: Record<'approve' | 'void', ReferralStatus> = { approve: 'unblocked', void: 'voided' };

/**
 * One round: resolves the flagged referrals whose review deadline has passed by `now`, each by
 * its site's outcome, recorded in its history with cause scheduler:flagged_deadline. The
 * conditional status update makes each resolution happen once, whichever instance runs it, and a
 * referral a person decided meanwhile is left as they decided. Answers how many were resolved
 * and whether the batch was full (more may be due).
 */
export async function resolveDueFlaggedReferrals(config: { db: Kysely<Database>; sites: SiteDirectory; logger: Logger; now: Date; batchSize?: number }): Promise<{ resolved: number; more: boolean }> {
  const { db, sites, logger, now } = config;
  const batchSize = config.batchSize ?? DEFAULT_BATCH_SIZE;
  const due = await findDueFlaggedReferrals(db, { siteIds: sites.all().map((site) => site.id), now: now.toISOString(), limit: batchSize });
  let resolved = 0;
  for (const referral of due) {
    const site = sites.byId(referral.site_id)!;
    try {
      const change = await changeReferralStatus(db, site, referral.id, STATUS_OF_OUTCOME[site.fraud.flagged_auto_resolution.outcome], FLAGGED_DEADLINE_CAUSE, now);
      if (change.changed) resolved++;
      for (const problem of change.problems) logger.warn(problem, { site: site.site_slug });
    } catch (error) {
      // Decided by a person between the read and the update: nothing left to resolve.
      if (isIllegalTransition(error)) continue;
      logger[isStoreUnavailableError(error) ? 'warn' : 'error']('resolution of a flagged referral failed', { referral: referral.id, error: String(error) });
    }
  }
  if (resolved > 0) logger.info('flagged referrals resolved by their review deadline', { count: resolved });
  return { resolved, more: due.length === batchSize };
}

/**
 * Resolves flagged referrals nobody decided once their site's review deadline
 * (fraud.flagged_auto_resolution.after_days, kept as each referral's flagged_until) has passed.
 * Like auto-approval, due work is read from the store on every round, never kept in timers, so
 * restarts lose nothing; the time is the collector's clock.
 */
export function startFlaggedResolution(config: { db: Kysely<Database>; sites: SiteDirectory; logger: Logger; clock: Clock; onResolved: () => void; options?: FlaggedResolutionOptions }): FlaggedResolution {
  const round = async (): Promise<boolean> => {
    const { resolved, more } = await resolveDueFlaggedReferrals({ ...config, now: config.clock(), batchSize: config.options?.batchSize });
    if (resolved > 0) config.onResolved();
    return more;
  };
  return startPeriodicJob({ name: 'flagged resolution', intervalInMs: config.options?.intervalInMs ?? DEFAULT_INTERVAL_IN_MS, logger: config.logger, round });
}
