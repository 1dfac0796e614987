import type { AuditResult } from '../contract/console-api';
import type { ApiRoutes } from '../http/api-routes';
import { ApiError } from '../http/api-error';
import { AuditQuery } from '../schemas/console.schema';
import { listAuditEntries } from '../store/audit-log.repository';

const DEFAULT_PAGE_SIZE = 50;

/** The console's audit log of merchant actions (owners). */
export function registerConsoleAuditRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/audit',
      summary: 'The audit log, newest first: who did what, when, on which site and thing, and their note. Owners only.',
      access: 'console owner',
      query: AuditQuery,
    },
    async (c, { query }) => {
      const { services } = c.var;
      const site = query.site === undefined ? undefined : services.sites.bySlug(query.site);
      if (query.site !== undefined && !site) throw ApiError.notFound('site', 'site');
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const rows = await listAuditEntries(services.db, { siteId: site?.id, before: query.cursor, limit });
      const result: AuditResult = {
        entries: rows.map((row) => ({
          id: row.id,
          at: row.at,
          actor: { email: row.actor_email },
          action: row.action,
          site: row.site_id === null ? null : (services.sites.byId(row.site_id)?.site_slug ?? null),
          subject: row.subject,
          note: row.note,
        })),
        next_cursor: rows.length === limit ? rows.at(-1)!.id : null,
      };
      return c.json({ ok: true, result });
    },
  );
}
