import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { SiteDirectory } from '../config/site-directory';
import type { Logger } from '../logger';
import { enqueueRewardNotice, REWARD_NOTICE_EVENT } from '../mail/reward-notice-mail';
import { findRewardsAwaitingNotice } from '../store/email-notice.repository';
import type { Database } from '../store/tables';
import { startPeriodicJob, type PeriodicJob } from './periodic-job';

export interface EmailNoticesOptions {
  /** How often the store is asked for rewards that have no notice yet. */
  intervalInMs?: number;
  /** Most notices written per round. */
  batchSize?: number;
}

const DEFAULT_INTERVAL_IN_MS = 60_000;
const DEFAULT_BATCH_SIZE = 100;
/**
 * How long after its approval a reward still gets its notice: long enough for a code the shop
 * is creating (or a pool being refilled) to arrive, short enough that turning the notice on
 * does not mail advocates about rewards from months ago.
 */
export const REWARD_NOTICE_WINDOW_IN_HOURS = 7 * 24;

/**
 * Writes the notices of advocates' approved rewards to the mail outbox, on the sites that turn
 * them on (`emails.reward_notice`). Due work is read from the store on every round, so a restart
 * loses nothing and a coupon code that arrives later is noticed on the next round; the outbox's
 * unique index keeps it to one notice per reward when several instances run this together.
 */
export function startEmailNotices(config: {
  db: Kysely<Database>;
  sites: SiteDirectory;
  publicUrl: string;
  clock: Clock;
  logger: Logger;
  onWritten: () => void;
  options?: EmailNoticesOptions;
}): PeriodicJob {
  const { db, sites } = config;
  const batchSize = config.options?.batchSize ?? DEFAULT_BATCH_SIZE;
  const noticeSites = sites.all().filter((site) => site.emails.reward_notice);
  const round = async (): Promise<boolean> => {
    const now = config.clock();
    const since = new Date(now.getTime() - REWARD_NOTICE_WINDOW_IN_HOURS * 3_600_000).toISOString();
    const due = await findRewardsAwaitingNotice(db, { siteIds: noticeSites.map((site) => site.id), since, eventType: REWARD_NOTICE_EVENT, limit: batchSize });
    let written = 0;
    for (const reward of due) {
      const site = sites.byId(reward.site_id)!;
      if (await enqueueRewardNotice(db, site, config.publicUrl, reward, now)) written++;
    }
    if (written > 0) config.onWritten();
    return due.length === batchSize;
  };
  return startPeriodicJob({ name: 'email notices', intervalInMs: config.options?.intervalInMs ?? DEFAULT_INTERVAL_IN_MS, logger: config.logger, round });
}
