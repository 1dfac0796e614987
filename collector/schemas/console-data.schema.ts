import * as v from 'valibot';
import { NoControlCharacters, PageLimit, SiteSlug } from './common.schema';

/** A UTC day, YYYY-MM-DD, that is on the calendar. */
export const Day = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD'),
  v.check((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'must be a day on the calendar'),
);

/** GET /console/api/sites/:site/overview */
export const OverviewQuery = v.object({ from: v.optional(Day), to: v.optional(Day) });

/** GET /console/api/sites/:site/lookup */
export const LookupQuery = v.object({ q: v.pipe(v.string(), v.trim(), v.minLength(1, 'is required: an email, order number, coupon code or short code'), v.maxLength(2048)) });

/** GET /console/api/sites/:site/advocates: the cursor is the position a previous page answered. */
export const AdvocatesQuery = v.object({
  cursor: v.optional(v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be a next_cursor from a previous page'), v.transform(Number))),
  limit: v.optional(PageLimit),
});

/** GET /console/api/sites/:site/advocates/:advocate (a person id or an email address) */
export const AdvocateParams = v.object({ site: SiteSlug, advocate: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(320)) });

/** GET /console/api/sites/:site/export/referrals.csv */
export const ReferralExportQuery = v.object({
  status: v.optional(v.picklist(['pending', 'flagged', 'unblocked', 'approved', 'voided', 'blocked'], 'must be pending, flagged, unblocked, approved, voided or blocked')),
  from: v.optional(Day),
  to: v.optional(Day),
});

/** GET /console/api/sites/:site/export/webhook-deliveries.csv */
export const DeliveryExportQuery = v.object({
  status: v.optional(v.picklist(['pending', 'delivered', 'failed', 'disabled'], 'must be pending, delivered, failed or disabled')),
  from: v.optional(Day),
  to: v.optional(Day),
});

/** An export that takes no filters (the advocate ranking). */
export const NoExportFilters = v.object({});

/** GET /console/api/sites/:site/export/suppression-list.csv: the Email page's search. */
export const SuppressionExportQuery = v.object({
  search: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(320, 'must be at most 320 characters'))),
});

/** GET /console/api/sites/:site/export/coupons.csv: the Coupons page's pool, and used or unused (both when left out). */
export const CouponExportQuery = v.object({
  kind: v.optional(v.picklist(['advocate', 'friend'], 'must be advocate or friend'), 'advocate'),
  used: v.optional(v.picklist(['true', 'false'], 'must be true or false')),
});

/** GET /console/api/export/audit-log.csv (owners): one site's entries when given. */
export const AuditExportQuery = v.object({ site: v.optional(SiteSlug) });

/** GET /console/api/sites/:site/campaigns/:campaign/results: a campaign's id, as GET /console/api/sites/:site/campaigns lists it. */
export const ConsoleCampaignParams = v.object({ site: SiteSlug, campaign: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100), NoControlCharacters) });
