import type { AdvocateResult, AdvocatesResult, LookupResult, OverviewResult } from '../contract/console-api';
import { advocatePage, advocatesPage } from '../domain/console-advocates';
import { lookUp } from '../domain/console-lookup';
import { overviewPeriod, siteOverview } from '../domain/console-overview';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleSiteParams } from '../schemas/console.schema';
import { AdvocateParams, AdvocatesQuery, LookupQuery, OverviewQuery } from '../schemas/console-data.schema';

const DEFAULT_ADVOCATES_PAGE = 50;

/** The console's data: the overview's figures, the look-up's timeline, the advocates' ranking and pages. */
export function registerConsoleDataRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/overview',
      summary: 'The referral funnel per UTC day and per share channel, from..to (both included; the last 30 days by default, at most 366).',
      access: 'console',
      params: ConsoleSiteParams,
      query: OverviewQuery,
    },
    async (c, { site, query }) => {
      const period = overviewPeriod(query, c.var.services.console.now());
      const result: OverviewResult = await siteOverview(c.var.services.db, site.id, period);
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/lookup',
      summary: 'One timeline (oldest first) of the person or order q names (an email, order number, coupon code, short code or offer link), each referral explained in words; matched is null when q names nothing.',
      access: 'console',
      params: ConsoleSiteParams,
      query: LookupQuery,
    },
    async (c, { site, query }) => {
      const result: LookupResult = await lookUp(c.var.services.db, site, query.q, c.var.services.console.now());
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/advocates',
      summary: 'Advocates ranked by approved referrals, then by referred revenue.',
      access: 'console',
      params: ConsoleSiteParams,
      query: AdvocatesQuery,
    },
    async (c, { site, query }) => {
      const result: AdvocatesResult = await advocatesPage(c.var.services.db, site, { offset: query.cursor ?? 0, limit: query.limit ?? DEFAULT_ADVOCATES_PAGE });
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/advocates/:advocate',
      summary: "One advocate (a person id or an email address): offers and links, referrals per status, rewards, and the newest 100 referrals, each explained.",
      access: 'console',
      params: AdvocateParams,
    },
    async (c, { site, params }) => {
      const result: AdvocateResult = await advocatePage(c.var.services.db, site, params.advocate, c.var.services.console.now());
      return c.json({ ok: true, result });
    },
  );
}
