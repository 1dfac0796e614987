import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { lockKey } from '../store/row-locks';
import { inviteTimesSince } from '../store/share.repository';
import type { Database } from '../store/tables';
import { Refusal } from './refusal';

const HOUR_IN_MS = 3_600_000;
const DAY_IN_MS = 24 * HOUR_IN_MS;

/**
 * Refuses `count` new invites that would take the advocate past the site's daily limit, or the
 * caller's IP past its hourly one (ip null: the merchant's own server, not limited by IP).
 * Counted from the store over sliding windows, so the limits hold across collector instances;
 * on PostgreSQL an advisory lock per advocate and per IP makes concurrent shares count in turn.
 * Call it inside the share's transaction, before the invites are written.
 */
export async function enforceInviteLimits(
  trx: Kysely<Database>,
  site: Site,
  share: { advocatePersonId: string; ip: string | null; count: number; now: Date },
): Promise<void> {
  const limits = site.email_limits;
  await lockKey(trx, `invites:advocate:${share.advocatePersonId}`);
  const sinceDay = new Date(share.now.getTime() - DAY_IN_MS).toISOString();
  const advocate = await inviteTimesSince(trx, { advocatePersonId: share.advocatePersonId }, sinceDay);
  check('advocate', limits.recipients_per_advocate_per_day, advocate, share, DAY_IN_MS);
  if (share.ip === null) return;
  await lockKey(trx, `invites:ip:${site.id}:${share.ip}`);
  const sinceHour = new Date(share.now.getTime() - HOUR_IN_MS).toISOString();
  const fromIp = await inviteTimesSince(trx, { siteId: site.id, ip: share.ip }, sinceHour);
  check('ip', limits.recipients_per_ip_per_hour, fromIp, share, HOUR_IN_MS);
}

/**
 * Refuses (invite_limit, too many) when the window already holds too many. Retry-After is when
 * enough of the oldest invites leave the window for this share to fit (the whole window when it
 * never can).
 */
function check(field: 'advocate' | 'ip', limit: number, sentAt: string[], share: { count: number; now: Date }, windowInMs: number): void {
  const over = sentAt.length + share.count - limit;
  if (over <= 0) return;
  const freedAt = over <= sentAt.length ? Date.parse(sentAt[over - 1]!) + windowInMs : share.now.getTime() + windowInMs;
  const detail = field === 'advocate' ? `at most ${limit} invites per advocate per day` : `at most ${limit} invites per IP address per hour`;
  throw new Refusal({
    code: 'invite_limit',
    kind: 'too_many',
    field: 'rate_limit',
    detail,
    message: `too many invites: ${detail}; try again later`,
    retryAfterInSeconds: Math.max(1, Math.ceil((freedAt - share.now.getTime()) / 1000)),
  });
}
