import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import * as v from 'valibot';
import type { Kysely } from 'kysely';
import { advocateExportPages, deliveryExportPages, recordExport, type ExportedTable, referralExportPages, suppressionExportPages } from '../domain/console-export';
import type { AppEnv } from '../http/app-env';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleSiteParams } from '../schemas/console.schema';
import { DeliveryExportQuery, NoExportFilters, ReferralExportQuery, SuppressionExportQuery } from '../schemas/console-data.schema';
import type { Database as Tables } from '../store/tables';
import {
  advocateCsvHeader,
  advocateCsvRecords,
  deliveryCsvHeader,
  deliveryCsvRecords,
  referralCsvHeader,
  referralCsvRecords,
  suppressionCsvHeader,
  suppressionCsvRecords,
} from '../views/console-export.view';

type Database = Kysely<Tables>;

/**
 * The console's CSV exports: streamed as the store is read a page at a time, so a million rows
 * never sit in memory; each export is written to the audit log with its filters.
 */
export function registerConsoleExportRoutes(api: ApiRoutes): void {
  addSiteExport(api, {
    file: 'referrals',
    summary: 'Every referral of the site as CSV (status, from and to filter it), oldest first, streamed.',
    query: ReferralExportQuery,
    pages: referralExportPages,
    header: referralCsvHeader,
    records: referralCsvRecords,
  });
  addSiteExport(api, {
    file: 'webhook-deliveries',
    summary: "Every web hook delivery of the site as CSV (status, from and to filter it), with the last attempt's response status, streamed.",
    query: DeliveryExportQuery,
    pages: deliveryExportPages,
    header: deliveryCsvHeader,
    records: deliveryCsvRecords,
  });
  addSiteExport(api, {
    file: 'advocates',
    summary: 'The advocate ranking of the site as CSV (most approved referrals, then most referred revenue), streamed.',
    query: NoExportFilters,
    pages: advocateExportPages,
    header: advocateCsvHeader,
    records: advocateCsvRecords,
  });
  addSiteExport(api, {
    file: 'suppression-list',
    summary: "The site's suppression list as CSV, newest first (search keeps the addresses containing it), streamed.",
    query: SuppressionExportQuery,
    pages: suppressionExportPages,
    header: suppressionCsvHeader,
    records: suppressionCsvRecords,
  });
}

/**
 * One table's export of one site: its file name (also the route's and, with underscores, the
 * audit action's), the filters it takes, and how its rows are read and written. Everything else
 * (access, streaming, the audit entry, the attachment name) is the same for every table.
 */
interface SiteExport<Q extends v.GenericSchema<unknown, object>, Row> {
  file: string;
  summary: string;
  access?: 'console' | 'console owner';
  query: Q;
  pages: (db: Database, siteId: string, filters: v.InferOutput<Q>) => AsyncGenerator<Row[]>;
  header: () => string;
  /** `rowsBefore` counts the rows of earlier pages (a ranking's place). */
  records: (rows: readonly Row[], rowsBefore: number) => string;
}

function addSiteExport<Q extends v.GenericSchema<unknown, object>, Row>(api: ApiRoutes, table: SiteExport<Q, Row>): void {
  api.addConsole(
    {
      method: 'get',
      path: `/console/api/sites/:site/export/${table.file}.csv` as '/console/api/sites/:site/export/table.csv',
      summary: table.summary,
      access: table.access ?? 'console',
      params: ConsoleSiteParams,
      query: table.query,
    },
    async (c, { site, session, query }) => {
      const { services } = c.var;
      const filters = query as v.InferOutput<Q>;
      const pages = table.pages(services.db, site.id, filters);
      await recordExport(services.db, { userId: session.user.id, email: session.user.email }, site.id, table.file.replaceAll('-', '_') as ExportedTable, filters, services.console.now());
      return streamCsv(c, fileName(table.file, site.site_slug, services.console.now()), table.header(), pages, table.records);
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
function streamCsv<T>(c: Context<AppEnv>, name: string, header: string, pages: AsyncGenerator<T[]>, records: (rows: readonly T[], rowsBefore: number) => string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('X-Content-Type-Options', 'nosniff');
  return stream(
    c,
    async (out) => {
      await out.write(header);
      let rowsBefore = 0;
      for await (const page of pages) {
        if (out.aborted) break;
        await out.write(records(page, rowsBefore));
        rowsBefore += page.length;
      }
      await pages.return(undefined);
    },
    async (error) => {
      c.var.services.logger.error('CSV export cut short', { path: c.req.path, error: String(error) });
    },
  );
}
