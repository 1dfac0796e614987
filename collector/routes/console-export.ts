import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import * as v from 'valibot';
import {
  advocateExportPages,
  auditExportPages,
  couponExportPages,
  deliveryExportPages,
  recordExport,
  referralExportPages,
  suppressionExportPages,
  userExportPages,
  type ExportedTable,
} from '../domain/console-export';
import type { Site } from '../config/site-config.schema';
import { ApiError } from '../http/api-error';
import type { AppEnv, Services } from '../http/app-env';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleSiteParams } from '../schemas/console.schema';
import { AuditExportQuery, CouponExportQuery, DeliveryExportQuery, NoExportFilters, ReferralExportQuery, SuppressionExportQuery } from '../schemas/console-data.schema';
import {
  advocateCsvHeader,
  advocateCsvRecords,
  auditCsvHeader,
  auditCsvRecords,
  couponCsvHeader,
  couponCsvRecords,
  deliveryCsvHeader,
  deliveryCsvRecords,
  referralCsvHeader,
  referralCsvRecords,
  suppressionCsvHeader,
  suppressionCsvRecords,
  userCsvHeader,
  userCsvRecords,
} from '../views/console-export.view';

/**
 * The console's CSV exports: streamed as the store is read a page at a time, so a million rows
 * never sit in memory; each export is written to the audit log with its filters. Every table is
 * one declaration below; what they share (access, streaming, the audit entry, the file name) is
 * written once.
 */
export function registerConsoleExportRoutes(api: ApiRoutes): void {
  addSiteExport(api, {
    file: 'referrals',
    summary: 'Every referral of the site as CSV (status, from and to filter it), oldest first, streamed.',
    query: ReferralExportQuery,
    pages: (services, site, filters) => referralExportPages(services.db, site.id, filters),
    header: referralCsvHeader,
    records: referralCsvRecords,
  });
  addSiteExport(api, {
    file: 'webhook-deliveries',
    summary: "Every web hook delivery of the site as CSV (status, from and to filter it), with the last attempt's response status, streamed.",
    query: DeliveryExportQuery,
    pages: (services, site, filters) => deliveryExportPages(services.db, site.id, filters),
    header: deliveryCsvHeader,
    records: deliveryCsvRecords,
  });
  addSiteExport(api, {
    file: 'advocates',
    summary: 'The advocate ranking of the site as CSV (most approved referrals, then most referred revenue), streamed.',
    query: NoExportFilters,
    pages: (services, site) => advocateExportPages(services.db, site.id, {}),
    header: advocateCsvHeader,
    records: (rows, rowsBefore) => advocateCsvRecords(rows, rowsBefore),
  });
  addSiteExport(api, {
    file: 'coupons',
    summary: "One coupon pool's codes as CSV (kind picks the pool, used=true or false the used or unused ones), oldest upload first, streamed.",
    query: CouponExportQuery,
    pages: (services, site, filters) => couponExportPages(services.db, site.id, filters),
    header: couponCsvHeader,
    records: couponCsvRecords,
  });
  addSiteExport(api, {
    file: 'suppression-list',
    summary: "The site's suppression list as CSV, newest first (search keeps the addresses containing it), streamed.",
    query: SuppressionExportQuery,
    pages: (services, site, filters) => suppressionExportPages(services.db, site.id, filters),
    header: suppressionCsvHeader,
    records: suppressionCsvRecords,
  });
  addOwnerExport(api, {
    file: 'audit-log',
    summary: 'The audit log as CSV, newest first (site keeps one site\'s entries), streamed. Owners only.',
    query: AuditExportQuery,
    site: (services, filters) => siteNamed(services, filters.site),
    pages: (services, site) => auditExportPages(services.db, site?.id),
    header: auditCsvHeader,
    records: (rows, _rowsBefore, services) => auditCsvRecords(rows, (siteId) => services.sites.byId(siteId)?.site_slug ?? null),
  });
  addOwnerExport(api, {
    file: 'users',
    summary: "The console's users as CSV: address, role, sites and whether a password is set (never the password or its hash), streamed. Owners only.",
    query: NoExportFilters,
    site: () => undefined,
    pages: (services) => userExportPages(services.db),
    header: userCsvHeader,
    records: userCsvRecords,
  });
}

type FilterSchema = v.GenericSchema<unknown, object>;

/**
 * One table's export: its file name (also the route's and, with underscores, the audit
 * action's), the filters it takes, and how its rows are read and written.
 */
interface ExportTable<Q extends FilterSchema, Row, Scope> {
  file: string;
  summary: string;
  query: Q;
  pages: (services: Services, scope: Scope, filters: v.InferOutput<Q>) => AsyncGenerator<Row[]>;
  header: () => string;
  /** `rowsBefore` counts the rows of earlier pages (a ranking's place). */
  records: (rows: readonly Row[], rowsBefore: number, services: Services) => string;
}

/** A table of one site, at /console/api/sites/:site/export/<file>.csv, for anyone who may see the site. */
function addSiteExport<Q extends FilterSchema, Row>(api: ApiRoutes, table: ExportTable<Q, Row, Site>): void {
  api.addConsole(
    {
      method: 'get',
      path: `/console/api/sites/:site/export/${table.file}.csv` as '/console/api/sites/:site/export/table.csv',
      summary: table.summary,
      access: 'console',
      params: ConsoleSiteParams,
      query: table.query,
    },
    (c, { site, session, query }) => answerExport(c, table, site, site, query as v.InferOutput<Q>, { userId: session.user.id, email: session.user.email }),
  );
}

/** A table of the console itself, at /console/api/export/<file>.csv, for owners; `site` is the site its filters name, if any. */
function addOwnerExport<Q extends FilterSchema, Row>(api: ApiRoutes, table: ExportTable<Q, Row, Site | undefined> & { site: (services: Services, filters: v.InferOutput<Q>) => Site | undefined }): void {
  api.addConsole(
    {
      method: 'get',
      path: `/console/api/export/${table.file}.csv` as '/console/api/export/table.csv',
      summary: table.summary,
      access: 'console owner',
      query: table.query,
    },
    (c, { session, query }) => {
      const filters = query as v.InferOutput<Q>;
      const site = table.site(c.var.services, filters);
      return answerExport(c, table, site, site, filters, { userId: session.user.id, email: session.user.email });
    },
  );
}

/** Writes the audit entry, then streams the table with the filters. */
async function answerExport<Q extends FilterSchema, Row, Scope>(
  c: Context<AppEnv>,
  table: ExportTable<Q, Row, Scope>,
  scope: Scope,
  site: Site | undefined,
  filters: v.InferOutput<Q>,
  actor: { userId: string; email: string },
): Promise<Response> {
  const { services } = c.var;
  const pages = table.pages(services, scope, filters);
  const now = services.console.now();
  await recordExport(services.db, actor, site?.id ?? null, table.file.replaceAll('-', '_') as ExportedTable, filters, now);
  return streamCsv(c, fileName(table.file, site?.site_slug ?? null, now), table.header(), pages, (rows, rowsBefore) => table.records(rows, rowsBefore, services));
}

/** The site a filter names, or 404 naming the field when there is none. */
function siteNamed(services: Services, slug: string | undefined): Site | undefined {
  if (slug === undefined) return undefined;
  const site = services.sites.bySlug(slug);
  if (!site) throw ApiError.notFound('site', 'site');
  return site;
}

/** "referrals-test-shop-2026-12-01.csv" ("users-2026-12-01.csv" without a site): a slug is letters, digits and dashes, so the name needs no quoting rules beyond the quotes. */
function fileName(what: string, siteSlug: string | null, now: Date): string {
  const site = siteSlug === null ? '' : `-${siteSlug.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return `${what}${site}-${now.toISOString().slice(0, 10)}.csv`;
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
