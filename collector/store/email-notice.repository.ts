import type { Kysely } from 'kysely';
import type { Database } from './tables';

/** An advocate's reward a notice may be written for, with what the mail says and where it goes. */
export interface RewardAwaitingNotice {
  reward_id: string;
  site_id: string;
  email: string;
  first_name: string | null;
  names_vouched: number | null;
  amount: number | null;
  percent: number | null;
  incentive: string;
  incentive_description: string;
  coupon_code: string | null;
  coupon_expires_at: string | null;
}

/**
 * Advocates' rewards issued since `since` on the given sites that have no message of
 * `eventType` yet, oldest first: not taken back, with their code when they are a coupon (a code
 * the shop is still creating, or a pool's code still missing, waits), and only for an advocate
 * whose offer the merchant's server reported (a browser's word earns no mail).
 */
export async function findRewardsAwaitingNotice(
  db: Kysely<Database>,
  query: { siteIds: string[]; since: string; eventType: string; limit: number },
): Promise<RewardAwaitingNotice[]> {
  if (query.siteIds.length === 0) return [];
  return db
    .selectFrom('rewards')
    .innerJoin('people', 'people.id', 'rewards.person_id')
    .innerJoin('origins', 'origins.id', 'rewards.origin_id')
    .select([
      'rewards.id as reward_id',
      'rewards.site_id',
      'people.email as email',
      'people.first_name',
      'people.names_vouched',
      'rewards.amount',
      'rewards.percent',
      'rewards.incentive',
      'rewards.incentive_description',
      'rewards.coupon_code',
      'rewards.coupon_expires_at',
    ])
    .where('rewards.site_id', 'in', query.siteIds)
    .where('rewards.side', '=', 'advocate')
    .where('rewards.created_at', '>=', query.since)
    .where('rewards.reversed_at', 'is', null)
    .where((eb) => eb.or([eb('rewards.incentive', '<>', 'discount_coupon'), eb('rewards.coupon_code', 'is not', null)]))
    .where('origins.verified', '=', 1)
    .where('people.email', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('outbox_messages').select('outbox_messages.id').where('outbox_messages.event_type', '=', query.eventType).whereRef('outbox_messages.subject_id', '=', 'rewards.id'))),
    )
    .orderBy('rewards.created_at')
    .orderBy('rewards.id')
    .limit(query.limit)
    .execute() as Promise<RewardAwaitingNotice[]>;
}

/** An invited friend a reminder may be written for, with the invite mail that was delivered to them. */
export interface InviteAwaitingReminder {
  recipient_id: string;
  email: string;
  /** The invite's stored mail (its outbox payload), which the reminder repeats. */
  invite_payload: string;
}

/**
 * Friends invited by a site's email shares that asked for a reminder, between `since` and
 * `invitedBefore`, whose invite was delivered, whose own link nobody has clicked and who has
 * made no purchase since, with no message of `eventType` yet; oldest first.
 */
export async function findInvitesAwaitingReminder(
  db: Kysely<Database>,
  query: { siteId: string; since: string; invitedBefore: string; inviteEventType: string; eventType: string; limit: number },
): Promise<InviteAwaitingReminder[]> {
  return db
    .selectFrom('share_recipients')
    .innerJoin('shares', 'shares.id', 'share_recipients.share_id')
    .innerJoin('offers', 'offers.id', 'shares.offer_id')
    .innerJoin('outbox_messages as invite', (join) =>
      join.on('invite.event_type', '=', query.inviteEventType).onRef('invite.subject_id', '=', 'share_recipients.id').on('invite.status', '=', 'delivered'),
    )
    .select(['share_recipients.id as recipient_id', 'share_recipients.email', 'invite.payload as invite_payload'])
    .where('offers.site_id', '=', query.siteId)
    .where('shares.reminder', '=', 1)
    .where('share_recipients.rejected_reason', 'is', null)
    .where('share_recipients.created_at', '>=', query.since)
    .where('share_recipients.created_at', '<=', query.invitedBefore)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('claims').select('claims.id').whereRef('claims.claim_link_id', '=', 'share_recipients.claim_link_id'))))
    // A friend who bought since the invite (credited by their address, without a click) needs no reminder.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('origins')
            .innerJoin('people', 'people.id', 'origins.person_id')
            .select('origins.id')
            .where('origins.site_id', '=', query.siteId)
            .where('origins.type', '=', 'Purchase')
            .whereRef('people.email', '=', 'share_recipients.email')
            .whereRef('origins.created_at', '>=', 'share_recipients.created_at'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('outbox_messages').select('outbox_messages.id').where('outbox_messages.event_type', '=', query.eventType).whereRef('outbox_messages.subject_id', '=', 'share_recipients.id'))),
    )
    .orderBy('share_recipients.created_at')
    .orderBy('share_recipients.id')
    .limit(query.limit)
    .execute();
}

/** An advocate an invite may be written for: their address, the names the merchant gave, and the offer of their purchase. */
export interface AdvocateAwaitingInvite {
  person_id: string;
  email: string;
  first_name: string | null;
  names_vouched: number | null;
  offer_id: string;
  short_url_code: string;
  /** The code of the offer's general claim link (channel "other"), when it has one. */
  link_code: string | null;
}

/**
 * Advocates of a site whose purchase the merchant's server reported (verified, not superseded,
 * not refunded) between `since` and `purchasedBefore`, who have not shared any of their offers
 * (no share of any channel, no click on any of their links), with no message of `eventType` yet;
 * oldest purchase first, one row per purchase (an advocate with two may come twice).
 */
export async function findAdvocatesAwaitingInvite(
  db: Kysely<Database>,
  query: { siteId: string; since: string; purchasedBefore: string; eventType: string; limit: number },
): Promise<AdvocateAwaitingInvite[]> {
  return db
    .selectFrom('origins')
    .innerJoin('people', 'people.id', 'origins.person_id')
    .innerJoin('offers', 'offers.origin_id', 'origins.id')
    .leftJoin('claim_links', (join) => join.onRef('claim_links.offer_id', '=', 'offers.id').on('claim_links.channel', '=', 'other').on('claim_links.recipient_email', 'is', null))
    .select([
      'people.id as person_id',
      'people.email as email',
      'people.first_name',
      'people.names_vouched',
      'offers.id as offer_id',
      'offers.short_url_code',
      'claim_links.code as link_code',
    ])
    .where('origins.site_id', '=', query.siteId)
    .where('origins.type', '=', 'Purchase')
    .where('origins.verified', '=', 1)
    .where('origins.superseded_by', 'is', null)
    .where('origins.refunded_at', 'is', null)
    .where('origins.created_at', '>=', query.since)
    .where('origins.created_at', '<=', query.purchasedBefore)
    .where('people.email', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('shares').innerJoin('offers as shared', 'shared.id', 'shares.offer_id').select('shares.id').whereRef('shared.person_id', '=', 'origins.person_id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('claims').innerJoin('offers as clicked', 'clicked.id', 'claims.offer_id').select('claims.id').whereRef('clicked.person_id', '=', 'origins.person_id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('outbox_messages').select('outbox_messages.id').where('outbox_messages.event_type', '=', query.eventType).whereRef('outbox_messages.subject_id', '=', 'origins.person_id'))),
    )
    .orderBy('origins.created_at')
    .orderBy('origins.id')
    .limit(query.limit)
    .execute() as Promise<AdvocateAwaitingInvite[]>;
}
