import type { BulkReviewResult, ReviewAction, ReviewDecisionResult, ReviewQueueResult } from '../contract/console-api';
import { Refusal } from '../domain/refusal';
import { decideReferral, reviewQueuePage } from '../domain/review-queue';
import type { ApiRoutes } from '../http/api-routes';
import { BulkReviewBody, ConsoleSiteParams, ReviewDecisionBody, ReviewDecisionParams, ReviewQueueQuery } from '../schemas/console.schema';
import { reviewQueueReferralView } from '../views/review-queue.view';

const DEFAULT_PAGE_SIZE = 50;
const ACTIONS: readonly ReviewAction[] = ['approve', 'void', 'unblock'];

/** The console's review queue: the referrals waiting for a person, and approve / void / unblock, one or in bulk. */
export function registerConsoleReviewRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/review-queue',
      summary: 'Referrals waiting for a person (status pending, the default, or blocked), oldest first, each with why it waits.',
      access: 'console',
      params: ConsoleSiteParams,
      query: ReviewQueueQuery,
    },
    async (c, { site, query }) => {
      const page = await reviewQueuePage(c.var.services.db, site, { status: query.status, after: query.cursor, limit: query.limit ?? DEFAULT_PAGE_SIZE });
      const result: ReviewQueueResult = { referrals: page.referrals.map((details) => reviewQueueReferralView(site, details)), next_cursor: page.nextCursor };
      return c.json({ ok: true, result });
    },
  );

  for (const action of ACTIONS) {
    api.addConsole(
      {
        method: 'post',
        path: `/console/api/sites/:site/referrals/:id/${action}`,
        summary: `${action[0]!.toUpperCase()}${action.slice(1)}s a referral, with an optional note for the audit log; 409 illegal_transition when its status does not allow it.`,
        access: 'console',
        params: ReviewDecisionParams,
        body: ReviewDecisionBody,
      },
      async (c, { site, session, params, body }) => {
        const { services } = c.var;
        const change = await decideReferral(services.db, site, { referralId: params.id, action, note: body.note }, session.user, services.console.now());
        for (const problem of change.problems) services.logger.warn(problem, { site: site.site_slug });
        if (change.webhookId) services.wakeOutbox();
        const result: ReviewDecisionResult = { referral: { id: change.referral.id, status: change.referral.status, changed: change.changed } };
        return c.json({ ok: true, result });
      },
    );
  }

  api.addConsole(
    {
      method: 'post',
      path: '/console/api/sites/:site/referrals/bulk',
      summary: 'Approves, voids or unblocks up to 100 referrals, each on its own: the answer says, per id, whether it moved and, if not, why (code).',
      access: 'console',
      params: ConsoleSiteParams,
      body: BulkReviewBody,
    },
    async (c, { site, session, body }) => {
      const { services } = c.var;
      const results: BulkReviewResult['results'] = [];
      let wake = false;
      for (const id of body.ids) {
        try {
          const change = await decideReferral(services.db, site, { referralId: id, action: body.action, note: body.note }, session.user, services.console.now());
          for (const problem of change.problems) services.logger.warn(problem, { site: site.site_slug });
          wake ||= change.webhookId !== null;
          results.push({ id, ok: true, status: change.referral.status });
        } catch (error) {
          // A refusal is this id's answer; anything else (the store gone) fails the whole call.
          if (!(error instanceof Refusal)) throw error;
          results.push({ id, ok: false, code: error.code });
        }
      }
      if (wake) services.wakeOutbox();
      return c.json({ ok: true, result: { results } satisfies BulkReviewResult });
    },
  );
}
