/**
 * "Export CSV": a plain link to one of the collector's CSV routes with the filters on screen. The
 * browser sends the console's session cookie with it and saves the attachment, so the file is
 * streamed straight from the store to disk, never held by the page. Any table with an export
 * uses this: a site's tables (referrals, web hook deliveries, advocates, coupons, the suppression
 * list) with the site, the console's own (audit log, users; owners only) without one.
 */
import { BASE } from '../router';

export type SiteCsvExport = 'referrals' | 'webhook-deliveries' | 'advocates' | 'coupons' | 'suppression-list';
export type ConsoleCsvExport = 'audit-log' | 'users';

type ExportOf = { site: string; table: SiteCsvExport } | { site?: undefined; table: ConsoleCsvExport };

/** The route of an export (of `site`, for a site's table) with `filters` (empty ones left out). */
export function exportCsvHref(of: ExportOf, filters: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  const search = query.toString();
  const base = of.site === undefined ? `${BASE}/api/export` : `${BASE}/api/sites/${encodeURIComponent(of.site)}/export`;
  return `${base}/${of.table}.csv${search ? `?${search}` : ''}`;
}

/** `what` names, for screen readers, what the file holds ("every pending referral"); the button shows "Export CSV". */
export function ExportCsvLink(props: ExportOf & { filters?: Record<string, string | null | undefined>; what?: string }) {
  return (
    <a class="button button-secondary button-small export-link" href={exportCsvHref(props, props.filters)} download>
      <span aria-hidden="true">↓</span>
      Export CSV
      {props.what && <span class="visually-hidden"> — {props.what}</span>}
    </a>
  );
}
