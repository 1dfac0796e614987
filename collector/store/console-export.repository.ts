import { sql, type Kysely } from 'kysely';
import type { Database, OutboxStatus, ReferralStatus } from './tables';

/**
 * The console's CSV exports read the store a page at a time, by id (ids are time-ordered), so an
 * export of a million referrals holds one page in memory, never the table.
 */

/** One referral as the export writes it. */
export interface ReferralExportRow {
  id: string;
  created_at: string;
  updated_at: string;
  status: ReferralStatus;
  attributed_by: string;
  blocked_reason: string | null;
  voided_reason: string | null;
  approve_after: string | null;
  advocate_reward_withheld_reason: string | null;
  referred_order_number: string | null;
  advocate_email: string | null;
  advocate_first_name: string | null;
  advocate_last_name: string | null;
  friend_email: string | null;
  friend_first_name: string | null;
  friend_last_name: string | null;
  order_number: string | null;
  subtotal: number | null;
  refunded_amount: number | null;
  verified: number | null;
  channel: string | null;
  reward_description: string | null;
  reward_coupon_code: string | null;
  reward_reversed_at: string | null;
}

export interface ExportFilter {
  siteId: string;
  status?: string | undefined;
  /** Half-open range of created_at. */
  from?: string | undefined;
  until?: string | undefined;
}

/** The page of referrals after `after` (by id), with the people, order, click and advocate reward each export row shows. */
export async function referralExportPage(db: Kysely<Database>, filter: ExportFilter & { status?: ReferralStatus | undefined }, after: string | null, limit: number): Promise<ReferralExportRow[]> {
  let query = db
    .selectFrom('referrals as r')
    .innerJoin('people as a', 'a.id', 'r.advocate_person_id')
    .leftJoin('people as f', 'f.id', 'r.friend_person_id')
    .leftJoin('origins as o', 'o.id', 'r.friend_origin_id')
    .leftJoin('claims as c', 'c.id', 'r.claim_id')
    .leftJoin('rewards as w', (join) => join.onRef('w.referral_id', '=', 'r.id').on('w.side', '=', 'advocate'))
    .select([
      'r.id',
      'r.created_at',
      'r.updated_at',
      'r.status',
      'r.attributed_by',
      'r.blocked_reason',
      'r.voided_reason',
      'r.approve_after',
      'r.advocate_reward_withheld_reason',
      'r.referred_order_number',
      'a.email as advocate_email',
      'a.first_name as advocate_first_name',
      'a.last_name as advocate_last_name',
      'f.email as friend_email',
      'f.first_name as friend_first_name',
      'f.last_name as friend_last_name',
      'o.order_number',
      'o.subtotal',
      'o.refunded_amount',
      'o.verified',
      'c.channel',
      'w.incentive_description as reward_description',
      'w.coupon_code as reward_coupon_code',
      'w.reversed_at as reward_reversed_at',
    ])
    .where('r.site_id', '=', filter.siteId)
    .orderBy('r.id')
    .limit(limit);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.from) query = query.where('r.created_at', '>=', filter.from);
  if (filter.until) query = query.where('r.created_at', '<', filter.until);
  if (after) query = query.where('r.id', '>', after);
  return (await query.execute()) as ReferralExportRow[];
}

/** One web hook delivery as the export writes it. */
export interface DeliveryExportRow {
  id: string;
  created_at: string;
  event_type: string;
  subject_id: string | null;
  endpoint_url: string | null;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  delivered_at: string | null;
  last_response_status: number | null;
}

/** The page of a site's web hook deliveries after `after` (by id), with the last attempt's response status. */
export async function deliveryExportPage(db: Kysely<Database>, filter: ExportFilter & { status?: OutboxStatus | undefined }, after: string | null, limit: number): Promise<DeliveryExportRow[]> {
  let query = db
    .selectFrom('outbox_messages as m')
    .select(['m.id', 'm.created_at', 'm.event_type', 'm.subject_id', 'm.endpoint_url', 'm.status', 'm.attempts', 'm.last_error', 'm.delivered_at'])
    .select((eb) =>
      eb
        .selectFrom('outbox_attempts as t')
        .select('t.response_status')
        .whereRef('t.message_id', '=', 'm.id')
        .orderBy('t.attempt_number', 'desc')
        .limit(1)
        .as('last_response_status'),
    )
    .where('m.site_id', '=', filter.siteId)
    .where('m.kind', '=', 'webhook')
    .orderBy('m.id')
    .limit(limit);
  if (filter.status) query = query.where('m.status', '=', filter.status);
  if (filter.from) query = query.where('m.created_at', '>=', filter.from);
  if (filter.until) query = query.where('m.created_at', '<', filter.until);
  if (after) query = query.where('m.id', '>', after);
  return (await query.execute()) as DeliveryExportRow[];
}

/** One advocate of the ranking as the export writes it, with the ranking's keys for the next page. */
export interface AdvocateExportRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  approved: number;
  referrals: number;
  /** In cents, as the running totals keep it (also the keyset's). */
  revenue_cents: number;
}

/**
 * The page of a site's advocate ranking after `after` (most approved referrals, then most referred
 * revenue, then by person id), read off advocate_totals in its ranking index's order. The keyset is
 * the last row's (approved, revenue, id), so a page costs its own rows however far down it is.
 */
export async function advocateExportPage(db: Kysely<Database>, siteId: string, after: AdvocateExportRow | null, limit: number): Promise<AdvocateExportRow[]> {
  const next = after
    ? sql`and (t.approved < ${after.approved} or (t.approved = ${after.approved} and (t.revenue < ${after.revenue_cents} or (t.revenue = ${after.revenue_cents} and t.person_id > ${after.id}))))`
    : sql``;
  const { rows } = await sql<{ id: string; email: string | null; first_name: string | null; last_name: string | null; approved: unknown; referrals: unknown; revenue: unknown }>`
    select p.id as id, p.email as email, p.first_name as first_name, p.last_name as last_name, t.approved as approved, t.referrals as referrals, t.revenue as revenue
    from advocate_totals t join people p on p.id = t.person_id
    where t.site_id = ${siteId} and t.referrals > 0 ${next}
    order by t.approved desc, t.revenue desc, t.person_id
    limit ${limit}`.execute(db);
  return rows.map((row) => ({ id: row.id, email: row.email, first_name: row.first_name, last_name: row.last_name, approved: Number(row.approved), referrals: Number(row.referrals), revenue_cents: Number(row.revenue ?? 0) }));
}

/** One pool code as the export writes it. */
export interface CouponExportRow {
  id: string;
  code: string;
  kind: 'advocate' | 'friend';
  created_at: string;
  used_at: string | null;
}

/** The page of one pool's codes after `after` (by id: oldest upload first); only used or unused ones when `used` is given. */
export async function couponExportPage(db: Kysely<Database>, filter: { siteId: string; kind: 'advocate' | 'friend'; used?: boolean | undefined }, after: string | null, limit: number): Promise<CouponExportRow[]> {
  let query = db
    .selectFrom('coupon_codes')
    .select(['id', 'code', 'kind', 'created_at', 'used_at'])
    .where('site_id', '=', filter.siteId)
    .where('kind', '=', filter.kind)
    .orderBy('id')
    .limit(limit);
  if (filter.used !== undefined) query = query.where('used_at', filter.used ? 'is not' : 'is', null);
  if (after) query = query.where('id', '>', after);
  return (await query.execute()) as CouponExportRow[];
}

/** One console user as the export writes it: never the password hash, only whether one is set. */
export interface UserExportRow {
  id: string;
  email: string;
  role: 'owner' | 'reviewer';
  sites: string | null;
  has_password: boolean;
  created_at: string;
  updated_at: string;
}

/** The page of console users after `after` (by id). */
export async function userExportPage(db: Kysely<Database>, after: string | null, limit: number): Promise<UserExportRow[]> {
  let query = db.selectFrom('console_users').select(['id', 'email', 'role', 'sites', 'password_hash', 'created_at', 'updated_at']).orderBy('id').limit(limit);
  if (after) query = query.where('id', '>', after);
  const rows = await query.execute();
  return rows.map(({ password_hash, ...row }) => ({ ...row, has_password: password_hash !== null }));
}
