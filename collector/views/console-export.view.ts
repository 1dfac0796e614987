import type { AdvocateExportRow, CouponExportRow, DeliveryExportRow, ReferralExportRow, UserExportRow } from '../store/console-export.repository';
import type { AuditLogRow, EmailSuppressionRow } from '../store/tables';
import { blockedReasonInWords } from '../domain/review-queue';
import { csvRecord } from './csv';

/** The columns of referrals.csv, in order (documented in the README). */
export const REFERRAL_CSV_COLUMNS = [
  'referral_id',
  'created_at',
  'status',
  'advocate_email',
  'advocate_name',
  'friend_email',
  'friend_name',
  'order_number',
  'subtotal',
  'refunded_amount',
  'purchase_verified',
  'attribution',
  'channel',
  'blocked_reason',
  'voided_reason',
  'approve_after',
  'advocate_reward',
  'advocate_coupon',
  'advocate_reward_reversed_at',
  'advocate_reward_withheld_reason',
  'updated_at',
] as const;

export const DELIVERY_CSV_COLUMNS = ['delivery_id', 'created_at', 'event_type', 'subject_id', 'endpoint_url', 'status', 'attempts', 'last_response_status', 'last_error', 'delivered_at'] as const;

/** The header record of referrals.csv. */
export const referralCsvHeader = () => csvRecord(REFERRAL_CSV_COLUMNS);
export const deliveryCsvHeader = () => csvRecord(DELIVERY_CSV_COLUMNS);

const name = (first: string | null, last: string | null) => [first, last].filter(Boolean).join(' ');

/** A page of referrals as CSV records. */
export function referralCsvRecords(rows: readonly ReferralExportRow[]): string {
  return rows
    .map((row) =>
      csvRecord([
        row.id,
        row.created_at,
        row.status,
        row.advocate_email,
        name(row.advocate_first_name, row.advocate_last_name),
        row.friend_email,
        name(row.friend_first_name, row.friend_last_name),
        row.order_number ?? row.referred_order_number,
        row.subtotal,
        row.refunded_amount,
        row.verified === null ? null : row.verified === 1,
        row.attributed_by,
        row.channel,
        row.blocked_reason ? blockedReasonInWords(row.blocked_reason) : null,
        row.voided_reason,
        row.approve_after,
        row.reward_description,
        row.reward_coupon_code,
        row.reward_reversed_at,
        row.advocate_reward_withheld_reason,
        row.updated_at,
      ]),
    )
    .join('');
}

/** A page of web hook deliveries as CSV records. */
export function deliveryCsvRecords(rows: readonly DeliveryExportRow[]): string {
  return rows
    .map((row) => csvRecord([row.id, row.created_at, row.event_type, row.subject_id, row.endpoint_url, row.status, Number(row.attempts), row.last_response_status === null ? null : Number(row.last_response_status), row.last_error, row.delivered_at]))
    .join('');
}

/** The columns of advocates.csv: the ranking, first place first. */
export const ADVOCATE_CSV_COLUMNS = ['rank', 'advocate_id', 'email', 'name', 'approved_referrals', 'referrals', 'referred_revenue'] as const;
export const advocateCsvHeader = () => csvRecord(ADVOCATE_CSV_COLUMNS);

/** A page of the ranking as CSV records; `rankBefore` is how many advocates earlier pages held. */
export function advocateCsvRecords(rows: readonly AdvocateExportRow[], rankBefore: number): string {
  return rows.map((row, index) => csvRecord([rankBefore + index + 1, row.id, row.email, name(row.first_name, row.last_name), row.approved, row.referrals, row.revenue_cents / 100])).join('');
}

/** The columns of suppression-list.csv. */
export const SUPPRESSION_CSV_COLUMNS = ['email', 'reason', 'suppressed_at'] as const;
export const suppressionCsvHeader = () => csvRecord(SUPPRESSION_CSV_COLUMNS);

export function suppressionCsvRecords(rows: readonly EmailSuppressionRow[]): string {
  return rows.map((row) => csvRecord([row.email, row.reason, row.created_at])).join('');
}

/** The columns of coupons.csv: one pool's codes. */
export const COUPON_CSV_COLUMNS = ['code', 'pool', 'status', 'added_at', 'used_at'] as const;
export const couponCsvHeader = () => csvRecord(COUPON_CSV_COLUMNS);

export function couponCsvRecords(rows: readonly CouponExportRow[]): string {
  return rows.map((row) => csvRecord([row.code, row.kind, row.used_at === null ? 'unused' : 'used', row.created_at, row.used_at])).join('');
}

/** The columns of audit-log.csv; `site` is the slug (empty for an action on the console itself, such as a user change). */
export const AUDIT_CSV_COLUMNS = ['at', 'actor_email', 'action', 'site', 'subject', 'note', 'detail'] as const;
export const auditCsvHeader = () => csvRecord(AUDIT_CSV_COLUMNS);

export function auditCsvRecords(rows: readonly AuditLogRow[], siteSlugOf: (siteId: string) => string | null): string {
  return rows.map((row) => csvRecord([row.at, row.actor_email, row.action, row.site_id === null ? null : siteSlugOf(row.site_id), row.subject, row.note, row.detail])).join('');
}

/** The columns of users.csv: who may sign in, never a password or its hash. `sites` is blank for every site. */
export const USER_CSV_COLUMNS = ['user_id', 'email', 'role', 'sites', 'password_set', 'created_at', 'updated_at'] as const;
export const userCsvHeader = () => csvRecord(USER_CSV_COLUMNS);

export function userCsvRecords(rows: readonly UserExportRow[]): string {
  return rows.map((row) => csvRecord([row.id, row.email, row.role, row.sites === null ? null : (JSON.parse(row.sites) as string[]).join(' '), row.has_password, row.created_at, row.updated_at])).join('');
}
