import type { Kysely } from 'kysely';
import { listAuditEntries } from '../store/audit-log.repository';
import {
  advocateExportPage,
  couponExportPage,
  deliveryExportPage,
  referralExportPage,
  userExportPage,
  type AdvocateExportRow,
  type CouponExportRow,
  type DeliveryExportRow,
  type ReferralExportRow,
  type UserExportRow,
} from '../store/console-export.repository';
import { listSuppressions } from '../store/suppression.repository';
import type { AuditLogRow, Database, EmailSuppressionRow, OutboxStatus, ReferralStatus } from '../store/tables';
import { recordAudit, type Actor, type AuditAction } from './audit-log';
import { addDays } from './console-overview';
import { Refusal } from './refusal';

/**
 * The console's CSV exports, as pages read one after another by id: whoever writes them out
 * (a streamed HTTP answer) holds one page at a time. Each export is an action of note, written
 * to the audit log with its filters before the first row goes out.
 */

/** Rows per store query: a few hundred keeps each query short and the memory flat. */
export const EXPORT_PAGE_SIZE = 500;

export interface ExportPeriod {
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The store's filter for an export's status and UTC days (both included). */
function storeFilter(siteId: string, period: ExportPeriod) {
  if (period.from && period.to && period.from > period.to) throw new Refusal({ code: 'invalid_period', kind: 'invalid', field: 'from', detail: 'must be on or before to' });
  return {
    siteId,
    status: period.status,
    from: period.from ? `${period.from}T00:00:00.000Z` : undefined,
    until: period.to ? `${addDays(period.to, 1)}T00:00:00.000Z` : undefined,
  };
}

/** Pages of a site's referrals, oldest first. */
export function referralExportPages(db: Kysely<Database>, siteId: string, period: ExportPeriod & { status?: ReferralStatus | undefined }, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<ReferralExportRow[]> {
  const filter = { ...storeFilter(siteId, period), status: period.status };
  return pagesOf((after) => referralExportPage(db, filter, after?.id ?? null, pageSize), pageSize);
}

/** Pages of a site's web hook deliveries, oldest first. */
export function deliveryExportPages(db: Kysely<Database>, siteId: string, period: ExportPeriod & { status?: OutboxStatus | undefined }, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<DeliveryExportRow[]> {
  const filter = { ...storeFilter(siteId, period), status: period.status };
  return pagesOf((after) => deliveryExportPage(db, filter, after?.id ?? null, pageSize), pageSize);
}

/** Pages of a site's advocate ranking, first place first. */
export function advocateExportPages(db: Kysely<Database>, siteId: string, _filters: Record<string, never>, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<AdvocateExportRow[]> {
  return pagesOf((after) => advocateExportPage(db, siteId, after, pageSize), pageSize);
}

/** Pages of a site's suppression list, newest first, only the addresses containing `search` when given (as the Email page shows it). */
export function suppressionExportPages(db: Kysely<Database>, siteId: string, filters: { search?: string | undefined }, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<EmailSuppressionRow[]> {
  return pagesOf((after) => listSuppressions(db, { siteId, search: filters.search || undefined, before: after?.id, limit: pageSize }), pageSize);
}

/** Pages of one coupon pool's codes, oldest upload first; used or unused only when asked. */
export function couponExportPages(db: Kysely<Database>, siteId: string, filters: { kind: 'advocate' | 'friend'; used?: 'true' | 'false' | undefined }, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<CouponExportRow[]> {
  const filter = { siteId, kind: filters.kind, used: filters.used === undefined ? undefined : filters.used === 'true' };
  return pagesOf((after) => couponExportPage(db, filter, after?.id ?? null, pageSize), pageSize);
}

/** Pages of the audit log, newest first as the console shows it; one site's entries when `siteId` is given. */
export function auditExportPages(db: Kysely<Database>, siteId: string | undefined, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<AuditLogRow[]> {
  return pagesOf((after) => listAuditEntries(db, { siteId, before: after?.id, limit: pageSize }), pageSize);
}

/** Pages of the console's users. */
export function userExportPages(db: Kysely<Database>, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<UserExportRow[]> {
  return pagesOf((after) => userExportPage(db, after?.id ?? null, pageSize), pageSize);
}

/** Reads page after page, each from the last row of the one before (the keyset), until a short page. */
async function* pagesOf<T extends { id: string }>(read: (after: T | null) => Promise<T[]>, pageSize: number): AsyncGenerator<T[]> {
  let after: T | null = null;
  for (;;) {
    const page = await read(after);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page.at(-1)!;
  }
}

/** The tables an export names in the audit log (its action is export.<table>). */
export type ExportedTable = AuditAction extends infer A ? (A extends `export.${infer T}` ? T : never) : never;

/** Writes who exported what, with which filters, to the audit log. */
export async function recordExport(db: Kysely<Database>, actor: Actor, siteId: string | null, what: ExportedTable, period: object, now: Date): Promise<void> {
  const filters = Object.fromEntries(Object.entries(period).filter(([, value]) => value !== undefined && value !== ''));
  await recordAudit(db, { actor, action: `export.${what}` satisfies AuditAction, siteId, subject: `${what.replaceAll('_', '-')}.csv`, detail: { filters } }, now);
}
