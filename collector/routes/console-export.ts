import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import { deliveryExportPages, recordExport, referralExportPages } from '../domain/console-export';
import type { AppEnv } from '../http/app-env';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleSiteParams } from '../schemas/console.schema';
import { DeliveryExportQuery, ReferralExportQuery } from '../schemas/console-data.schema';
import { deliveryCsvHeader, deliveryCsvRecords, referralCsvHeader, referralCsvRecords } from '../views/console-export.view';

/**
 * The console's CSV exports: streamed as the store is read a page at a time, so a million rows
 * never sit in memory; each export is written to the audit log with its filters.
 */
export function registerConsoleExportRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/export/referrals.csv',
      summary: 'Every referral of the site as CSV (status, from and to filter it), oldest first, streamed.',
      access: 'console',
      params: ConsoleSiteParams,
      query: ReferralExportQuery,
    },
    async (c, { site, session, query }) => {
      const { services } = c.var;
      const pages = referralExportPages(services.db, site.id, query);
      await recordExport(services.db, { userId: session.user.id, email: session.user.email }, site.id, 'referrals', query, services.console.now());
      return streamCsv(c, fileName('referrals', site.site_slug, services.console.now()), referralCsvHeader(), pages, referralCsvRecords);
    },
  );

  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/export/webhook-deliveries.csv',
      summary: "Every web hook delivery of the site as CSV (status, from and to filter it), with the last attempt's response status, streamed.",
      access: 'console',
      params: ConsoleSiteParams,
      query: DeliveryExportQuery,
    },
    async (c, { site, session, query }) => {
      const { services } = c.var;
      const pages = deliveryExportPages(services.db, site.id, query);
      await recordExport(services.db, { userId: session.user.id, email: session.user.email }, site.id, 'webhook_deliveries', query, services.console.now());
      return streamCsv(c, fileName('webhook-deliveries', site.site_slug, services.console.now()), deliveryCsvHeader(), pages, deliveryCsvRecords);
    },
  );
}

/** "referrals-test-shop-2026-12-01.csv": a slug is letters, digits and dashes, so the name needs no quoting rules beyond the quotes. */
function fileName(what: string, siteSlug: string, now: Date): string {
  return `${what}-${siteSlug.replace(/[^A-Za-z0-9_-]/g, '_')}-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * Answers a CSV download: the header record at once, then each page as the store answers it.
 * A client that goes away stops the paging; a store error cuts the download short (the rows so
 * far have gone out, so the status cannot change any more) and is logged.
 */
function streamCsv<T>(c: Context<AppEnv>, name: string, header: string, pages: AsyncGenerator<T[]>, records: (rows: readonly T[]) => string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('X-Content-Type-Options', 'nosniff');
  return stream(
    c,
    async (out) => {
      await out.write(header);
      for await (const page of pages) {
        if (out.aborted) break;
        await out.write(records(page));
      }
      await pages.return(undefined);
    },
    async (error) => {
      c.var.services.logger.error('CSV export cut short', { path: c.req.path, error: String(error) });
    },
  );
}
