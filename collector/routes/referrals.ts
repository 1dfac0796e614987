import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { changeReferralStatus } from '../domain/referral-lifecycle';
import type { REQUESTABLE_STATUSES } from '../schemas/referral.schema';
import type { Site } from '../config/site-config.schema';
import type { Services } from '../http/app-env';
import { ListReferralsQuery, OriginSlugParams, ReferralIdParams, UpdateReferralBody } from '../schemas/referral.schema';
import { findReferral, findReferralByOriginKey, listReferrals, loadReferralDetails, statusChangesOf } from '../store/referral.repository';
import { referralDetailsView } from '../views/referral-details.view';
import { talkableReferralView } from '../views/talkable-referral.view';

const DEFAULT_PAGE_SIZE = 20;

/** The referral API: Talkable's status update, and the merchant's listing. */
export function registerReferralRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'put',
      path: '/api/v2/origins/:origin_slug/referral',
      summary:
        "Approve, void or unblock the referral a friend's origin closed. origin_slug is the order_number of a Purchase, or event_category:event_number of an Event. Approved and voided are final: any other change is a 409 naming both statuses. Asking for the status the referral already has changes nothing.",
      tag: 'Referrals',
      access: 'secret',
      params: OriginSlugParams,
      body: UpdateReferralBody,
    },
    async (c, { body, params: { origin_slug: slug }, site }) => {
      const { services } = c.var;
      const purchase = await findReferralByOriginKey(services.db, site.id, `Purchase:${slug}`);
      const event = slug.includes(':') ? await findReferralByOriginKey(services.db, site.id, `Event:${slug}`) : { originFound: false, referral: undefined };
      // Never guess between an order and an event that share a slug: the referral id names it for sure.
      if (purchase.originFound && event.originFound) {
        throw ApiError.refused(409, 'ambiguous_origin_slug', 'origin_slug', 'names both a Purchase and an Event; use PUT /api/v2/referrals/:referral_id');
      }
      const found = purchase.originFound ? purchase : event;
      if (!found.originFound) throw ApiError.notFound('origin_slug', 'origin');
      if (!found.referral) throw new ApiError(404, 'not_found', 'this origin closed no referral', [{ field: 'origin_slug', message: 'has no referral' }]);
      return c.json({ ok: true, result: await applyStatus(c.var.services, site, found.referral.id, body.data.status) });
    },
  );

  api.add(
    {
      method: 'put',
      path: '/api/v2/referrals/:referral_id',
      summary:
        'Approve, void or unblock a referral by its id: the way to reach referrals no origin_slug names (a click or share threshold, or a referral record made through /api/v1 for an order not reported yet). Same rules and answer as the origin_slug form.',
      tag: 'Referrals',
      access: 'secret',
      params: ReferralIdParams,
      body: UpdateReferralBody,
    },
    async (c, { body, params, site }) => {
      const referral = await findReferral(c.var.services.db, params.referral_id);
      if (!referral || referral.site_id !== site.id) throw ApiError.notFound('referral_id', 'referral');
      return c.json({ ok: true, result: await applyStatus(c.var.services, site, referral.id, body.data.status) });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/v2/referrals',
      summary:
        "The site's referrals, newest first: status, advocate and friend, the friend's origin, rewards and status history. Pass next_cursor as cursor for the next page.",
      tag: 'Referrals',
      access: 'secret',
      query: ListReferralsQuery,
    },
    async (c, { query, site }) => {
      const { services } = c.var;
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const rows = await listReferrals(services.db, { siteId: site.id, status: query.status, before: query.cursor, limit });
      const history = await statusChangesOf(services.db, rows.map((row) => row.id));
      const referrals = [];
      for (const row of rows) {
        const details = await loadReferralDetails(services.db, row);
        referrals.push(referralDetailsView(details, history.filter((change) => change.referral_id === row.id), site.currency));
      }
      return c.json({ ok: true, result: { referrals, next_cursor: rows.length === limit ? rows.at(-1)!.id : null } });
    },
  );
}

/** Applies a merchant's status change, waking the outbox for its web hook (the domain refuses an illegal change). */
async function applyStatus(services: Services, site: Site, referralId: string, status: (typeof REQUESTABLE_STATUSES)[number]) {
  const change = await changeReferralStatus(services.db, site, referralId, status, 'api', services.clock());
  for (const problem of change.problems) services.logger.warn(problem, { site: site.site_slug });
  if (change.webhookId) services.wakeOutbox();
  return { referral: talkableReferralView(site, await loadReferralDetails(services.db, change.referral)), changed: change.changed };
}
