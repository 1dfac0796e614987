import type { EmailResult } from '../contract/console-api';
import { removeSuppression } from '../domain/suppression-removal';
import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { INVITE_MAIL_EVENT } from '../mail/invite-mail';
import { ConsoleSiteParams, SuppressionParams, SuppressionRemovalBody, SuppressionsQuery } from '../schemas/console.schema';
import { countMessagesPerDay, countOwnEmailsPerDay } from '../store/outbox.repository';
import { listSuppressions } from '../store/suppression.repository';

const DEFAULT_PAGE_SIZE = 50;
const DAYS_SHOWN = 30;
const DAY_IN_MS = 24 * 60 * 60 * 1000;

/** The console's email page: invites and Vouch's own emails sent per day, and the suppression list (search; owners remove an address on request). */
export function registerConsoleEmailRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/email',
      summary: 'Invites written and delivered per UTC day over the last 30 days, the same for the emails Vouch sends on its own (with those skipped by a daily cap), and the suppression list, newest first; search by part of an address.',
      access: 'console',
      params: ConsoleSiteParams,
      query: SuppressionsQuery,
    },
    async (c, { site, query }) => {
      const { services } = c.var;
      const today = Date.UTC(...utcDay(services.console.now()));
      const first = new Date(today - (DAYS_SHOWN - 1) * DAY_IN_MS);
      const counted = await countMessagesPerDay(services.db, { siteId: site.id, eventType: INVITE_MAIL_EVENT, since: first.toISOString() });
      const byDay = new Map(counted.map((row) => [row.day, row]));
      // Every day is listed, the quiet ones with 0, so the table reads as a calendar.
      const invitesPerDay = Array.from({ length: DAYS_SHOWN }, (_, index) => {
        const day = new Date(first.getTime() + index * DAY_IN_MS).toISOString().slice(0, 10);
        const row = byDay.get(day);
        return { day, sent: row?.written ?? 0, delivered: row?.delivered ?? 0 };
      });
      const own = new Map((await countOwnEmailsPerDay(services.db, { siteId: site.id, since: first.toISOString() })).map((row) => [row.day, row]));
      const ownEmailsPerDay = invitesPerDay.map(({ day }) => {
        const row = own.get(day);
        return { day, written: row?.written ?? 0, delivered: row?.delivered ?? 0, skipped: row?.skipped ?? 0 };
      });
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const rows = await listSuppressions(services.db, { siteId: site.id, search: query.search || undefined, before: query.cursor, limit });
      const result: EmailResult = {
        invites_per_day: invitesPerDay,
        own_emails_per_day: ownEmailsPerDay,
        suppressions: rows.map((row) => ({ id: row.id, email: row.email, reason: row.reason, created_at: row.created_at })),
        next_cursor: rows.length === limit ? rows.at(-1)!.id : null,
      };
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    {
      method: 'delete',
      path: '/console/api/sites/:site/suppressions/:id',
      summary: 'Takes an address off the suppression list, when its owner asks for invites again; audited with an optional note. Owners only.',
      access: 'console owner',
      params: SuppressionParams,
      body: SuppressionRemovalBody,
    },
    async (c, { site, params, body, session }) => {
      const { services } = c.var;
      const removed = await removeSuppression(services.db, site, { id: params.id, note: body.note }, { userId: session.user.id, email: session.user.email }, services.console.now());
      if (!removed) throw ApiError.notFound('id', 'suppressed address');
      return c.json({ ok: true, result: { removed: removed.email } });
    },
  );
}

function utcDay(date: Date): [number, number, number] {
  return [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
}
