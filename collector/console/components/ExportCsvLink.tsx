/**
 * "Export CSV": a plain link to one of the collector's CSV routes with the filters on screen. The
 * browser sends the console's session cookie with it and saves the attachment, so the file is
 * streamed straight from the store to disk, never held by the page. Any table with an export
 * (referrals, web hook deliveries, advocates, the suppression list) uses this.
 */
export type CsvExport = 'referrals' | 'webhook-deliveries' | 'advocates' | 'suppression-list';

/** The route of an export for `site` with `filters` (empty ones left out). */
export function exportCsvHref(site: string, table: CsvExport, filters: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  const search = query.toString();
  return `/console/api/sites/${encodeURIComponent(site)}/export/${table}.csv${search ? `?${search}` : ''}`;
}

/** `what` names, for screen readers, what the file holds ("every pending referral"); the button shows "Export CSV". */
export function ExportCsvLink(props: { site: string; table: CsvExport; filters?: Record<string, string | null | undefined>; what?: string }) {
  return (
    <a class="button button-secondary button-small export-link" href={exportCsvHref(props.site, props.table, props.filters)} download>
      <span aria-hidden="true">↓</span>
      Export CSV
      {props.what && <span class="visually-hidden"> — {props.what}</span>}
    </a>
  );
}
