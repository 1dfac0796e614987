import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { SiteDirectory } from '../config/site-directory';
import type { Logger } from '../logger';
import { ADVOCATE_INVITE_EVENT, enqueueAdvocateInvite } from '../mail/advocate-invite-mail';
import { enqueueFriendReminder, FRIEND_REMINDER_EVENT } from '../mail/friend-reminder-mail';
import { INVITE_MAIL_EVENT } from '../mail/invite-mail';
import { enqueueRewardNotice, REWARD_NOTICE_EVENT } from '../mail/reward-notice-mail';
import { findAdvocatesAwaitingInvite, findInvitesAwaitingReminder, findRewardsAwaitingNotice } from '../store/email-notice.repository';
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
/** How long past its due time a friend's reminder may still go: a collector down for days does not remind about old invites. */
export const FRIEND_REMINDER_WINDOW_IN_HOURS = 7 * 24;
/** How long past its due time an advocate's invite may still go: turning it on, or a long outage, does not mail last month's customers. */
export const ADVOCATE_INVITE_WINDOW_IN_HOURS = 7 * 24;
const HOUR_IN_MS = 3_600_000;

/**
 * Writes the emails Vouch sends on its own to the mail outbox: the notices of advocates'
 * approved rewards on the sites that turn them on (`emails.reward_notice`), and the reminder of
 * an invited friend who has not clicked after `emails.friend_reminder_after_hours`, when their
 * share asked for one, and the invite of an advocate who has not shared
 * `emails.advocate_invite_after_hours` after their purchase (`emails.advocate_invite`). Due work is read from the store on every round, so a restart
 * loses nothing and a coupon code that arrives later is noticed on the next round; the outbox's
 * unique index keeps it to one notice per reward, one reminder per friend and one invite per
 * advocate when several instances run this together.
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
  const reminderSites = sites.all().filter((site) => site.emails.friend_reminder);
  const inviteSites = sites.all().filter((site) => site.emails.advocate_invite);
  const round = async (): Promise<boolean> => {
    const now = config.clock();
    let written = 0;
    let more = false;

    const since = new Date(now.getTime() - REWARD_NOTICE_WINDOW_IN_HOURS * HOUR_IN_MS).toISOString();
    const rewards = await findRewardsAwaitingNotice(db, { siteIds: noticeSites.map((site) => site.id), since, eventType: REWARD_NOTICE_EVENT, limit: batchSize });
    for (const reward of rewards) {
      if (await enqueueRewardNotice(db, sites.byId(reward.site_id)!, config.publicUrl, reward, now)) written++;
    }
    more ||= rewards.length === batchSize;

    for (const site of reminderSites) {
      const invitedBefore = now.getTime() - site.emails.friend_reminder_after_hours * HOUR_IN_MS;
      const invites = await findInvitesAwaitingReminder(db, {
        siteId: site.id,
        since: new Date(invitedBefore - FRIEND_REMINDER_WINDOW_IN_HOURS * HOUR_IN_MS).toISOString(),
        invitedBefore: new Date(invitedBefore).toISOString(),
        inviteEventType: INVITE_MAIL_EVENT,
        eventType: FRIEND_REMINDER_EVENT,
        limit: batchSize,
      });
      for (const invite of invites) {
        if (await enqueueFriendReminder(db, site, invite, now)) written++;
      }
      more ||= invites.length === batchSize;
    }

    for (const site of inviteSites) {
      const purchasedBefore = now.getTime() - site.emails.advocate_invite_after_hours * HOUR_IN_MS;
      const advocates = await findAdvocatesAwaitingInvite(db, {
        siteId: site.id,
        since: new Date(purchasedBefore - ADVOCATE_INVITE_WINDOW_IN_HOURS * HOUR_IN_MS).toISOString(),
        purchasedBefore: new Date(purchasedBefore).toISOString(),
        eventType: ADVOCATE_INVITE_EVENT,
        limit: batchSize,
      });
      for (const advocate of advocates) {
        if (await enqueueAdvocateInvite(db, site, config.publicUrl, advocate, now)) written++;
      }
      more ||= advocates.length === batchSize;
    }

    if (written > 0) config.onWritten();
    return more;
  };
  return startPeriodicJob({ name: 'email notices', intervalInMs: config.options?.intervalInMs ?? DEFAULT_INTERVAL_IN_MS, logger: config.logger, round });
}
