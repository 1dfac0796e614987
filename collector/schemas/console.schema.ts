import * as v from 'valibot';
import { MAX_BULK_IDS, MAX_NOTE_LENGTH } from '../contract/console-api';
import { CouponCodeSchema } from '../config/site-config.schema';
import { WEBHOOK_TYPES } from '../webhooks/webhook-fan-out';
import { Cursor, PageLimit, SiteSlug, Uuid } from './common.schema';
import { MAX_COUPON_CODES_PER_REQUEST } from './coupon.schema';

/** POST /console/api/session. The password is not trimmed: every character counts. */
export const SignInBody = v.object({
  email: v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(320)),
  password: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(1024)),
});

/** POST /console/api/password: the token of a set-password link and the new password (its length is a domain rule). */
export const SetPasswordBody = v.object({
  token: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(200)),
  password: v.pipe(v.string(), v.maxLength(4096)),
});

/** A site in a console path. */
export const ConsoleSiteParams = v.object({ site: SiteSlug });

/** GET /console/api/sites/:site/review-queue */
export const ReviewQueueQuery = v.object({
  status: v.optional(v.picklist(['pending', 'blocked'], 'must be pending or blocked'), 'pending'),
  cursor: v.optional(Cursor),
  limit: v.optional(PageLimit),
});

const Note = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`)));

/** POST /console/api/sites/:site/referrals/:id/(approve|void|unblock) */
export const ReviewDecisionParams = v.object({ site: SiteSlug, id: Uuid });
export const ReviewDecisionBody = v.object({ note: Note });

/** POST /console/api/sites/:site/referrals/bulk */
export const BulkReviewBody = v.object({
  action: v.picklist(['approve', 'void', 'unblock'], 'must be approve, void or unblock'),
  ids: v.pipe(v.array(Uuid), v.minLength(1, 'must name at least one referral'), v.maxLength(MAX_BULK_IDS, `must name at most ${MAX_BULK_IDS} referrals`)),
  note: Note,
});

/** GET /console/api/audit */
export const AuditQuery = v.object({
  site: v.optional(SiteSlug),
  cursor: v.optional(Cursor),
  limit: v.optional(PageLimit),
});

/** POST /console/api/users (owners): the same as `vouch users add`. */
export const AddUserBody = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(320), v.email('must be an email address')),
  role: v.picklist(['owner', 'reviewer'], 'must be owner or reviewer'),
  sites: v.optional(v.pipe(v.array(SiteSlug), v.maxLength(100, 'must name at most 100 sites'))),
});

/** A console user in a path. */
export const UserIdParams = v.object({ id: Uuid });

/* Coupons, web hooks, email and settings pages. */

/** GET /console/api/sites/:site/coupons */
export const CouponListQuery = v.object({
  kind: v.optional(v.picklist(['advocate', 'friend'], 'must be advocate or friend'), 'advocate'),
  used: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'false'),
  cursor: v.optional(Cursor),
  limit: v.optional(PageLimit),
});

/** POST /console/api/sites/:site/coupons (owners): the codes of the API's coupon upload, checked the same way. */
export const CouponUploadBody = v.object({
  kind: v.picklist(['advocate', 'friend'], 'must be advocate or friend'),
  codes: v.pipe(
    v.array(CouponCodeSchema),
    v.minLength(1, 'must list at least one code'),
    v.maxLength(MAX_COUPON_CODES_PER_REQUEST, `must list at most ${MAX_COUPON_CODES_PER_REQUEST} codes`),
  ),
});

/** GET /console/api/sites/:site/webhook-deliveries */
export const ConsoleDeliveriesQuery = v.object({
  status: v.optional(v.picklist(['pending', 'delivered', 'failed', 'disabled'], 'must be pending, delivered, failed or disabled')),
  cursor: v.optional(Cursor),
  limit: v.optional(PageLimit),
});

/** POST /console/api/sites/:site/webhook-deliveries/:id/redeliver */
export const ConsoleDeliveryParams = v.object({ site: SiteSlug, id: Uuid });

/** POST /console/api/sites/:site/webhook-endpoints/:id/sample */
export const ConsoleEndpointParams = v.object({ site: SiteSlug, id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });
export const ConsoleSampleBody = v.object({ type: v.picklist(WEBHOOK_TYPES, `must be one of ${WEBHOOK_TYPES.join(', ')}`) });

/** GET /console/api/sites/:site/suppressions */
export const SuppressionsQuery = v.object({
  search: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(320, 'must be at most 320 characters'))),
  cursor: v.optional(Cursor),
  limit: v.optional(PageLimit),
});

/** DELETE /console/api/sites/:site/suppressions/:id (owners) */
export const SuppressionParams = v.object({ site: SiteSlug, id: Uuid });
export const SuppressionRemovalBody = v.object({ note: Note });
