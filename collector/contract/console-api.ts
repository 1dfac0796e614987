/**
 * The merchant console's JSON API (/console/api/*), shared by the collector and the console page.
 * Every answer is `{ok: true, result}` or `{ok: false, code, error, field?}`.
 */

export type ConsoleRole = 'owner' | 'reviewer';

/** A signed-in console user. `sites` is "all" for owners. */
export interface ConsoleUser {
  id: string;
  email: string;
  role: ConsoleRole;
  sites: string[] | 'all';
}

/** A site the user may see. */
export interface ConsoleSite {
  slug: string;
  name: string;
}

export type ConsoleAnswer<T> = { ok: true; result: T } | ConsoleErrorAnswer;

export interface ConsoleErrorAnswer {
  ok: false;
  /** Stable: "unauthenticated", "forbidden", "cross_origin", "invalid_credentials", "too_many_attempts", "not_found", "illegal_transition"… */
  code: string;
  /** A sentence for people. */
  error: string;
  /** The field, parameter or header it is about. */
  field?: string;
}

/** POST /console/api/session */
export interface SignInBody {
  email: string;
  password: string;
}
export interface SignInResult {
  user: ConsoleUser;
}

/** GET /console/api/session */
export interface SessionResult {
  user: ConsoleUser;
  sites: ConsoleSite[];
}

/** POST /console/api/password: the token of a set-password link. */
export interface SetPasswordBody {
  token: string;
  password: string;
}

/** The shortest console password. */
export const MIN_PASSWORD_LENGTH = 12;

/** The page's meta tag naming the console's base path: "/console", or "/refer/console" under a path prefix. */
export const CONSOLE_BASE_META = 'vouch-console-base';

export type ReviewStatus = 'pending' | 'blocked';

/** One referral waiting for a person. */
export interface ReviewQueueReferral {
  id: string;
  status: string;
  created_at: string;
  advocate: { email: string | null; name: string | null };
  /** Null fields for a click or share threshold (nobody was referred). */
  friend: { email: string | null; name: string | null };
  /** Null for a threshold or a record whose order the shop has not reported. */
  order: { number: string | null; subtotal: number | null; currency?: string } | null;
  /** How the friend was tied to the advocate: "uuid", "coupon", "email", or another rule's name. */
  attribution: string;
  /** Why it waits, in words. */
  waiting_reason: string;
  /** Why it was blocked, in words (blocked referrals). */
  blocked_reason?: string;
}

/** GET /console/api/sites/:site/review-queue */
export interface ReviewQueueResult {
  referrals: ReviewQueueReferral[];
  next_cursor: string | null;
}

export type ReviewAction = 'approve' | 'void' | 'unblock';

/** POST /console/api/sites/:site/referrals/:id/(approve|void|unblock) */
export interface ReviewDecisionBody {
  note?: string;
}
export interface ReviewDecisionResult {
  referral: { id: string; status: string; changed: boolean };
}

/** POST /console/api/sites/:site/referrals/bulk */
export interface BulkReviewBody {
  action: ReviewAction;
  ids: string[];
  note?: string;
}
export interface BulkReviewResult {
  results: { id: string; ok: boolean; code?: string; status?: string }[];
}

/** The longest note on a decision. */
export const MAX_NOTE_LENGTH = 500;
/** The most referrals one bulk decision takes. */
export const MAX_BULK_IDS = 100;

/** GET /console/api/audit */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { email: string };
  action: string;
  /** The site's slug, or null for actions on no site (users). */
  site: string | null;
  subject: string | null;
  note: string | null;
}
export interface AuditResult {
  entries: AuditEntry[];
  next_cursor: string | null;
}

/** POST /console/api/users (owners) */
export interface AddUserBody {
  email: string;
  role: ConsoleRole;
  /** Required for a reviewer; none for an owner (every site). */
  sites?: string[];
}
/** The answer of POST /console/api/users and POST /console/api/users/:id/password-link: the one-time link to hand over. */
export interface PasswordLinkResult {
  user: ConsoleUser;
  set_password_url: string;
  expires_at: string;
}

/** GET /console/api/users (owners) */
export interface UsersResult {
  users: (ConsoleUser & { has_password: boolean; created_at: string })[];
}

// ---------------------------------------------------------------------------------------------
// Data routes: overview, look-up, advocates, CSV export (all under /console/api/sites/:site/).
// ---------------------------------------------------------------------------------------------

/** The referral statuses the overview counts; "pending" includes unblocked referrals waiting for approval. */
export type OverviewStatus = 'pending' | 'flagged' | 'approved' | 'voided' | 'blocked';

/** What the overview counts for one day, one channel, or the whole period. */
export interface OverviewFigures {
  offers_created: number;
  shares: number;
  claim_clicks: number;
  /** Referred purchases: Purchase origins that closed a referral, whatever its status. */
  friend_purchases: number;
  referrals: Record<OverviewStatus, number>;
  /** Subtotals of referred purchases whose referral stands (pending or approved; not blocked or voided), less what was refunded. */
  referred_revenue: number;
  /** Subtotals of every purchase the shop reported (superseded browser reports left out), less refunds. */
  purchase_revenue: number;
  /** referred_revenue ÷ purchase_revenue, 0 when nothing was bought. */
  referred_revenue_share: number;
}

/** Per share channel: offers_created and purchase_revenue do not apply (an offer has every channel). */
export type OverviewChannelFigures = Pick<OverviewFigures, 'shares' | 'claim_clicks' | 'friend_purchases' | 'referrals' | 'referred_revenue'>;

/** GET /console/api/sites/:site/overview?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, both included). */
export interface OverviewResult {
  from: string;
  to: string;
  totals: OverviewFigures;
  /** One entry per day from `from` to `to`, oldest first; days with nothing are zeros. */
  days: (OverviewFigures & { day: string })[];
  /**
   * Per share channel ("facebook", "email"…); referrals made without a click (a coupon, an
   * email match) are under "none".
   */
  channels: Record<string, OverviewChannelFigures>;
}

/** What one look-up entry is about. */
export type LookupEntryKind =
  | 'origin'
  | 'offer'
  | 'share'
  | 'invite'
  | 'claim'
  | 'referral'
  | 'status_change'
  | 'reward'
  | 'webhook';

/** One thing that happened, in a look-up's timeline. */
export interface LookupEntry {
  at: string;
  kind: LookupEntryKind;
  /** A sentence for people. */
  summary: string;
  /** The fields behind it (ids, codes, amounts, statuses). */
  details: Record<string, unknown>;
  /** Referrals only: the answer to "why did I not get my reward?", in words. */
  explanation?: string;
}

/** What the look-up's q matched. */
export interface LookupMatch {
  type: 'email' | 'order' | 'coupon' | 'short_code';
  value: string;
}

/** GET /console/api/sites/:site/lookup?q= */
export interface LookupResult {
  q: string;
  /** Null when q matched nothing (the timeline is then empty). */
  matched: LookupMatch | null;
  /** Oldest first. */
  timeline: LookupEntry[];
  /** Every referral of the timeline with its explanation, for a quick answer. */
  referrals: { id: string; status: string; explanation: string }[];
}

/** One advocate in the ranking. */
export interface AdvocateSummary {
  id: string;
  email: string | null;
  name: string | null;
  approved_referrals: number;
  referrals: number;
  referred_revenue: number;
}

/** GET /console/api/sites/:site/advocates?cursor=&limit= (most approved referrals first, then referred revenue) */
export interface AdvocatesResult {
  advocates: AdvocateSummary[];
  next_cursor: string | null;
}

/** GET /console/api/sites/:site/advocates/:email_or_id */
export interface AdvocateResult {
  advocate: { id: string; email: string | null; name: string | null; created_at: string };
  offers: { id: string; short_url_code: string; friend_coupon_code: string; created_at: string; links: { channel: string; code: string }[] }[];
  counts: Record<OverviewStatus, number> & { total: number };
  rewards: { id: string; referral_id: string; amount: number | null; incentive: string; description: string; coupon_code: string | null; created_at: string; reversed_at: string | null }[];
  /** Newest first, at most 100. */
  referrals: { id: string; status: string; created_at: string; friend_email: string | null; order_number: string | null; subtotal: number | null; explanation: string }[];
}

/** GET /console/api/sites/:site/export/referrals.csv?status=&from=&to= filters (the columns are in the README). */
export interface ReferralExportFilter {
  status?: OverviewStatus | 'unblocked';
  from?: string;
  to?: string;
}

/* ---- Coupons, Web hooks, Email and Settings pages ---- */

export type PoolSide = 'advocate' | 'friend';

/** One pool's level. `low` when fewer unused codes wait than the top-up threshold (at least 20, more for a busy pool). */
export interface PoolLevel {
  available: number;
  used: number;
  total: number;
  threshold: number;
  /** Whether this side's reward takes its codes from the pool (coupon_source "pool"); `low` is never true otherwise. */
  in_use: boolean;
  low: boolean;
}

/** GET /console/api/sites/:site/coupons?kind=&used=&cursor= */
export interface CouponsResult {
  pools: Record<PoolSide, PoolLevel>;
  /** `expires_at`: when a handed-out code stops applying (its reward's expires_in_days), or null: never, or not handed out. */
  codes: { id: string; code: string; used_at: string | null; created_at: string; expires_at: string | null }[];
  next_cursor: string | null;
}

/** POST /console/api/sites/:site/coupons (owners) */
export interface CouponUploadBody {
  kind: PoolSide;
  codes: string[];
}
export interface CouponUploadResult {
  added: number;
  skipped: number;
  pools: Record<PoolSide, PoolLevel>;
}
/** The most codes one upload takes (the API's limit). */
export const MAX_CODES_PER_UPLOAD = 2000;

/** A web hook endpoint as configured: never its secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: string[];
  types: string[];
  format: 'json' | 'form';
  /** The form format's constant key, masked to its last 4 characters. */
  key: string | null;
  disabled: { at: string; reason: string } | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'disabled' | 'suppressed';

export interface DeliveryAttempt {
  number: number;
  at: string;
  duration_ms: number;
  url: string | null;
  response_status: number | null;
  response_excerpt: string | null;
  error: string | null;
  outcome: string;
}

/** A web hook delivery with every attempt (the payload stays in the API). */
export interface WebhookDeliveryView {
  id: string;
  event_type: string;
  sample: boolean;
  endpoint_url: string | null;
  subject_id: string | null;
  status: DeliveryStatus;
  next_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  attempts: DeliveryAttempt[];
}

/** GET /console/api/sites/:site/webhooks?status=&cursor= */
export interface WebhooksResult {
  endpoints: WebhookEndpointView[];
  deliveries: WebhookDeliveryView[];
  next_cursor: string | null;
}

/** POST …/webhook-deliveries/:id/redeliver and …/webhook-endpoints/:id/sample (owners) */
export interface DeliveryResult {
  delivery: WebhookDeliveryView;
}

/** GET /console/api/sites/:site/email?search=&cursor= */
export interface EmailResult {
  /** The last 30 UTC days, oldest first, every day present. */
  invites_per_day: { day: string; sent: number; delivered: number }[];
  /** The emails Vouch sends on its own (reward notices, reminders, advocate invites, friend coupons), the same 30 days: skipped ones were not sent on purpose (a daily cap). */
  own_emails_per_day: { day: string; written: number; delivered: number; skipped: number }[];
  suppressions: { id: string; email: string; reason: string; created_at: string }[];
  next_cursor: string | null;
}

/** DELETE /console/api/sites/:site/suppressions/:id (owners) */
export interface SuppressionRemovalBody {
  note?: string;
}

/** GET /console/api/sites/:site/settings (owners): the effective configuration, secrets masked. */
export interface SettingsResult {
  site: string;
  settings: Record<string, unknown>;
}

/** One of the site's campaigns on the console's Campaigns page. */
export interface ConsoleCampaign {
  id: string;
  name: string;
  slug: string;
  /** The site's own campaign (its site-level settings), the first of the list. */
  is_default: boolean;
  /** "Live" while it runs (its dates), else "Disabled". */
  status: 'Live' | 'Disabled';
  starts_at: string | null;
  ends_at: string | null;
  /** Whether the campaign runs an A/B experiment (its results are at …/campaigns/:id/results). */
  experiment: boolean;
  /** The currency of the campaign's amounts, ISO 4217 ("EUR"). */
  currency: string;
}

/** GET /console/api/sites/:site/campaigns */
export interface CampaignsResult {
  campaigns: ConsoleCampaign[];
}

/** One rate per offer of an experiment's variant (the shape of GET /api/v2/campaigns/:id/results). */
export interface ExperimentRate {
  /** Offers that reached the step. */
  offers: number;
  /** Null when the variant has no offers. */
  rate: number | null;
  /** Wilson score interval at 95%. */
  confidence_interval: { low: number; high: number } | null;
  /** Null for the control, or when either side has no offers. */
  vs_control: { difference: number; z: number; p_value: number; significant: boolean } | null;
}

/** One variant of GET /console/api/sites/:site/campaigns/:campaign/results. */
export interface ExperimentVariantResult {
  id: string;
  control: boolean;
  weight: number;
  funnel: { offers: number; shares: number; clicks: number; referrals: number; revenue: number };
  share_rate: ExperimentRate;
  click_rate: ExperimentRate;
  referral_rate: ExperimentRate;
  revenue_per_offer: number | null;
}

/**
 * GET /console/api/sites/:site/campaigns/:campaign/results: the answer of
 * GET /api/v2/campaigns/:id/results, and the currency its revenue is in. `variants` is empty
 * for a campaign without an experiment.
 */
export interface CampaignResultsResult {
  campaign: { id: string; cached_slug: string };
  currency: string;
  variants: ExperimentVariantResult[];
  test: { name: string; alpha: number; confidence_interval: string };
}
