import type { Generated } from 'kysely';
import type { CustomChannel, ShareChannel } from '../contract/share-channels';

/**
 * The store's tables as kysely sees them. Every row's primary key is a public, random,
 * time-ordered uuid (see domain/ids.ts): nothing numeric and guessable is ever exposed.
 * Times are ISO 8601 UTC strings so both SQLite and PostgreSQL sort and compare them alike.
 */
export interface Database {
  sites: SiteRow;
  people: PersonRow;
  origins: OriginRow;
  offers: OfferRow;
  claim_links: ClaimLinkRow;
  shares: ShareRow;
  share_recipients: ShareRecipientRow;
  claims: ClaimRow;
  referrals: ReferralRow;
  referral_status_changes: ReferralStatusChangeRow;
  rewards: RewardRow;
  coupon_codes: CouponCodeRow;
  events: EventRow;
  coupon_requests: CouponRequestRow;
  shop_coupons: ShopCouponRow;
  outbox_messages: OutboxMessageRow;
  outbox_attempts: OutboxAttemptRow;
  rate_limit_windows: RateLimitWindowRow;
  webhook_endpoint_states: WebhookEndpointStateRow;
  email_suppressions: EmailSuppressionRow;
  origin_changes: OriginChangeRow;
  console_users: ConsoleUserRow;
  console_password_tokens: ConsolePasswordTokenRow;
  console_sessions: ConsoleSessionRow;
  console_sign_in_failures: ConsoleSignInFailureRow;
  audit_log: AuditLogRow;
  daily_totals: DailyTotalRow;
  advocate_totals: AdvocateTotalRow;
  connector_deliveries: ConnectorDeliveryRow;
  connector_references: ConnectorReferenceRow;
  advocate_sign_in_links: AdvocateSignInLinkRow;
  threshold_counts: ThresholdCountRow;
  threshold_marks: ThresholdMarkRow;
  email_daily_counts: EmailDailyCountRow;
}

/** A sign-in link mailed to an advocate (migration 0027): the store keeps its token's hash; it opens the dashboard once. */
export interface AdvocateSignInLinkRow {
  id: string;
  site_id: string;
  person_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** An advocate's running counts for click and share thresholds (migration 0032). */
export interface ThresholdCountRow {
  site_id: string;
  advocate_person_id: string;
  clicks: number | string;
  /** Distinct networks (else addresses, else visitor uuids) that followed the advocate's links. */
  distinct_clickers: number | string;
  /** Shares, each channel once a UTC day. */
  shares: number | string;
}

/** Something a threshold count already holds: a clicker's mark (type 3) or a share's "channel:day" (type 4). */
export interface ThresholdMarkRow {
  site_id: string;
  advocate_person_id: string;
  reward_action_type: 3 | 4;
  mark: string;
}

/** How many of Vouch's own emails a site wrote on a UTC day, in all (recipient_key '') or to one address (migration 0028). */
export interface EmailDailyCountRow {
  site_id: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  /** '' for the site's total, else a keyed hash of the address. */
  recipient_key: string;
  sent: number;
}

/** A platform web hook delivery a shop connector handled (migration 0019): its id is never handled again. */
export interface ConnectorDeliveryRow {
  site_id: string;
  /** shopify, woocommerce or stripe. */
  platform: string;
  /** X-Shopify-Webhook-Id, X-WC-Webhook-Delivery-ID, or the Stripe event id. */
  delivery_id: string;
  topic: string;
  /** What it came to: recorded, refunded, ignored:<why>. */
  outcome: string;
  received_at: string;
}

/** A platform's own id (a Shopify order id, a Stripe payment intent) and the origin it stands for. */
export interface ConnectorReferenceRow {
  site_id: string;
  platform: string;
  /** "order:<id>", "payment_intent:<id>". */
  reference: string;
  /** The origin's idempotency key ("Purchase:<order>", "Event:<category>:<number>"): it may be recorded after the reference. */
  origin_key: string;
  created_at: string;
}

/** A running total of the console's overview (migration 0015 says which metrics; amounts are in cents). */
export interface DailyTotalRow {
  site_id: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  metric: string;
  /** The share channel, 'none' for a referral without a click, '' for a metric without channels. */
  channel: string;
  n: number | string;
}

/** An advocate's running standing (the console's ranking): referral counts, referred revenue in cents. */
export interface AdvocateTotalRow {
  site_id: string;
  person_id: string;
  referrals: number | string;
  approved: number | string;
  revenue: number | string;
  pending: number | string;
  unblocked: number | string;
  voided: number | string;
  blocked: number | string;
}

export interface SiteRow {
  id: string;
  slug: string;
  created_at: string;
}

export interface PersonRow {
  id: string;
  site_id: string;
  /** "email:<address>" or "customer:<id>": what makes two origins the same person. */
  identity_key: string;
  email: string | null;
  customer_id: string | null;
  first_name: string | null;
  last_name: string | null;
  custom_properties: string | null;
  created_at: string;
  /** 1 once the merchant's server (secret key or a version 2 signature) gave the names: only then do they go into mail. */
  names_vouched?: number;
  /** Another name the merchant's server gave the person (Talkable's username; migration 0021). */
  username?: string | null;
  /** When the merchant's server said the person opted in to its mail (Talkable's sub_choice). */
  opted_in_at?: string | null;
}

export type OriginType = 'Purchase' | 'AffiliateMember' | 'Event';

export interface OriginRow {
  id: string;
  site_id: string;
  person_id: string;
  type: OriginType;
  /** What makes a repeated post the same origin: "Purchase:<order>", "Event:<category>:<number>". */
  idempotency_key: string;
  order_number: string | null;
  /** True when order_number was sent as a JSON number, so it is answered the same way. */
  order_number_is_numeric: number;
  event_category: string | null;
  event_number: string | null;
  subtotal: number | null;
  order_date: string | null;
  coupon_code: string | null;
  items: string | null;
  campaign_tags: string | null;
  ip_address: string | null;
  visitor_uuid: string | null;
  /** 1 when the merchant's server vouched for it (secret key or signed data). */
  verified: number;
  created_at: string;
  /** Set when the merchant's server reported the same order for another customer: the origin that replaced this browser's claim. */
  superseded_by?: string | null;
  /** When the merchant's server reported it refunded or cancelled (see migration 0006); null while it stands. */
  refunded_at?: string | null;
  /** How much of the subtotal was refunded (the whole subtotal unless a partial refund said less). */
  refunded_amount?: number | null;
  refund_reason?: RefundReason | null;
  /** The point of integration the merchant named (Talkable's traffic_source, e.g. "post-checkout"); see migration 0024. */
  traffic_source?: string | null;
  /** Keyed hashes of the normalised shipping address and postcode (Talkable's shipping_address, shipping_zip; migration 0026). */
  shipping_address_hash?: string | null;
  shipping_zip_hash?: string | null;
  /** Keyed hash of the network ip_address is in (IPv4 /24, IPv6 /48), for the friends' purchases from one network. */
  network_prefix_hash?: string | null;
  /** Keyed hash of the widget's first-party device id. */
  device_id_hash?: string | null;
}

/** Why an origin was refunded, as the merchant's server says. */
export type RefundReason = 'refund' | 'cancellation' | 'chargeback';

/** One thing that happened to an origin after it was stored (see migration 0005). */
export interface OriginChangeRow {
  id: string;
  origin_id: string;
  /** "verified": the merchant's server confirmed a browser's report; "superseded": it reported the order for someone else. */
  change: 'verified' | 'superseded';
  /** JSON: what the change replaced (the browser's subtotal, the new origin's id...). */
  detail: string | null;
  created_at: string;
}

export interface OfferRow {
  id: string;
  site_id: string;
  origin_id: string;
  person_id: string;
  short_url_code: string;
  friend_coupon_code: string;
  created_at: string;
  /** When the friend coupon stops applying (the friend reward's expires_in_days, from the offer's creation); null: never (see migration 0018). */
  friend_coupon_expires_at?: string | null;
  /** When a purchase the merchant's server reported used the friend coupon, and that purchase's origin. */
  friend_coupon_used_at?: string | null;
  friend_coupon_used_by?: string | null;
  /** The configured campaign that made the offer (README "Campaigns"); null: the site's default campaign (see migration 0029). */
  campaign_id?: string | null;
  /** The experiment variant the offer was made in; null when no experiment ran (migration 0031). */
  variant_id?: string | null;
}

export type { CustomChannel, ShareChannel };

export interface ClaimLinkRow {
  id: string;
  offer_id: string;
  /** A share channel, or a custom channel a merchant named in `sharing_channels` (a short slug). */
  channel: ShareChannel | CustomChannel;
  code: string;
  /** Set for the link made for one invited friend. */
  recipient_email: string | null;
  created_at: string;
}

export interface ShareRow {
  id: string;
  offer_id: string;
  type: 'SocialOfferShare' | 'EmailOfferShare';
  channel: ShareChannel;
  subject: string | null;
  body: string | null;
  ip_address: string | null;
  created_at: string;
  /** 1 when an email share asked for a reminder to friends who do not click (migration 0023). */
  reminder?: number;
  /** Keyed hash of the widget's first-party device id the share came with (migration 0026). */
  device_id_hash?: string | null;
}

export interface ShareRecipientRow {
  id: string;
  share_id: string;
  email: string;
  claim_link_id: string | null;
  /** Why it was not sent ("self_referral", "duplicate"...), or null when it was accepted. */
  rejected_reason: string | null;
  created_at: string;
}

export interface ClaimRow {
  id: string;
  site_id: string;
  offer_id: string;
  claim_link_id: string;
  /** The channel of the link clicked (a custom one included). */
  channel: ShareChannel | CustomChannel;
  visitor_uuid: string;
  ip_address: string | null;
  /** The network the click came from (an IPv4 address, or an IPv6 /64): what click thresholds count. */
  network?: string | null;
  user_agent: string | null;
  created_at: string;
  /** Keyed hash of the shop's first-party device id, when the link is on the shop's own origin (migration 0026). */
  device_id_hash?: string | null;
  /** The origin (scheme and host, no path) of the page the link was clicked on, from the Referer. */
  referrer?: string | null;
}

export type ReferralStatus = 'pending' | 'flagged' | 'approved' | 'voided' | 'blocked' | 'unblocked';

export interface ReferralRow {
  id: string;
  site_id: string;
  advocate_offer_id: string;
  advocate_person_id: string;
  /** Null for a click or share threshold, or an order given by number that the shop has not reported yet. */
  friend_origin_id: string | null;
  /** Null for a click or share threshold (nobody was referred). */
  friend_person_id: string | null;
  claim_id: string | null;
  /** How the friend's origin was tied to the advocate: "uuid", "coupon" or "email". */
  attributed_by: string;
  /** 0 when that tie is only a browser's word (a uuid or coupon of an unsigned origin): the referral then waits for a person. */
  attribution_verified?: number;
  status: ReferralStatus;
  blocked_reason: string | null;
  /** When the scheduler may approve it (approval mode "auto"); null when it waits for a person. */
  approve_after: string | null;
  /** Why the advocate got no reward on approval (a limit), or null. */
  advocate_reward_withheld_reason: string | null;
  /** Why the friend got no reward on approval (a percentage of a purchase nobody's server vouched for), or null (migration 0030). */
  friend_reward_withheld_reason?: string | null;
  created_at: string;
  updated_at: string;
  /** Reverb's conversion (its referral records API): 1 referred purchase, 2 referred enroll (an Event), 3 reached N clicks, 4 reached N shares. */
  reward_action_type: RewardActionType;
  /** Multi-level programs' level; 1 for a direct referral. */
  level: number;
  /** N of a click or share threshold (types 3 and 4), else null. */
  qualified_amount: number | null;
  /** The friend's order as the shop numbers it, when a record named it by number. */
  referred_order_number: string | null;
  /** The coupon or share code a hand-made record said was used. */
  share_code: string | null;
  /** Amounts a hand-made record set instead of the campaign's. */
  reward_amount: number | null;
  incentive_amount: number | null;
  /** 0 when the record said the advocate (reward) or the friend (incentive) did not qualify. */
  reward_qualified: number;
  incentive_qualified: number;
  /** Why it was voided by something other than a person ("refunded": its friend's purchase was refunded), or null. */
  voided_reason?: string | null;
  /** JSON: the fraud decision (outcome, rules_version, every signal evaluated); null for a referral no rule decided (a record, a threshold, one made before). */
  fraud_decision?: string | null;
  /** When a flagged referral nobody decided resolves by itself (the site's flagged_auto_resolution); null otherwise. */
  flagged_until?: string | null;
}

export type RewardActionType = 1 | 2 | 3 | 4;

export interface ReferralStatusChangeRow {
  id: string;
  referral_id: string;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus;
  /** What changed it: "rule:self_referral", "api", "scheduler"... */
  cause: string;
  created_at: string;
  /** The console user who made the change (their address as it was), or null (the API, the scheduler, a rule). */
  actor_email?: string | null;
  /** What that user wrote about it (optional on approve and void). */
  note?: string | null;
}

export type RewardSide = 'advocate' | 'friend';

/** One reward issued on approval; (referral_id, side) is unique, so a reward is issued once. */
export interface RewardRow {
  id: string;
  site_id: string;
  referral_id: string;
  side: RewardSide;
  person_id: string;
  /** The origin shown with the reward: the advocate's offer origin, or the friend's origin. */
  origin_id: string;
  amount: number | null;
  incentive: 'rebate' | 'discount_coupon' | 'other';
  incentive_description: string;
  coupon_code: string | null;
  /** Why a discount_coupon reward has no code ("coupon_pool_empty"), or null. */
  coupon_problem: string | null;
  created_at: string;
  /** When its coupon stops applying (the reward's expires_in_days, from issue); null: never (see migration 0018). */
  coupon_expires_at?: string | null;
  /** When the reward was taken back (its referral's purchase refunded after approval), and why ("refund:<reason>"). */
  reversed_at?: string | null;
  reversed_reason?: string | null;
  /** When its coupon stopped counting as usable: set on reversal if nobody had used the code yet. */
  coupon_revoked_at?: string | null;
  /** A percentage reward's rate and cap, as it was issued (of the friend's purchase subtotal); null for a fixed amount. */
  percent?: number | null;
  maximum_amount?: number | null;
  /** When a partial refund reduced a percentage reward, and why ("refund:<reason>"). */
  reduced_at?: string | null;
  reduced_reason?: string | null;
  /** The amount before that reduction, and the one it computed; a coupon keeps its amount (its code cannot shrink). */
  original_amount?: number | null;
  reduced_amount?: number | null;
  /** The tier the advocate's reward was issued under (its `from`) and which rewarded referral in the tier period it was; null without tiers (migration 0030). */
  tier_from?: number | null;
  tier_position?: number | null;
  /** The ISO 4217 code of the amount, as issued; null on rewards issued before migration 0030 (the site's currency then). */
  currency?: string | null;
}

/** A merchant-made coupon code waiting in the site's pool, or the reward / offer that took it. */
export interface CouponCodeRow {
  id: string;
  site_id: string;
  kind: RewardSide;
  code: string;
  reward_id: string | null;
  offer_id: string | null;
  used_at: string | null;
  created_at: string;
}

/**
 * One thing that happened on a site, as the event log keeps it (migration 0008): written once, in
 * the transaction of the change, whether or not a web hook endpoint subscribed to its type.
 */
export interface EventRow {
  /** The event's public id, shared by every web hook message that delivers it. */
  id: string;
  site_id: string;
  /** The web hook type, e.g. "referral.approved". */
  type: string;
  /** The row it is about (a referral id). */
  subject_id: string | null;
  /** JSON: the body its web hooks carry, without their `event_id`. */
  payload: string;
  created_at: string;
  /** The log's order, with seq: the writing transaction's id on PostgreSQL, 0 on SQLite (see migration 0008). */
  tx_order: string | number;
  seq: Generated<string | number>;
}

/** A code Vouch asked the shop to create (the Create Coupon web hook, see migration 0010). */
export interface CouponRequestRow {
  id: string;
  site_id: string;
  kind: RewardSide;
  /** The code Vouch made and sent. */
  code: string;
  /** The code that entered the pool on the web hook's 2xx: the shop's own when its answer named one, else `code`. */
  added_code: string | null;
  /** When it entered the pool; null while its web hook waits for a 2xx. */
  added_at: string | null;
  created_at: string;
}

/** The shop platforms whose admin API can create a site's codes. */
export type ShopPlatform = 'shopify' | 'woocommerce' | 'stripe';

/** A code Vouch generated that the shop's admin API is to create; shown to customers only once ready. */
export interface ShopCouponRow {
  id: string;
  site_id: string;
  platform: ShopPlatform;
  side: RewardSide;
  code: string;
  /** The advocate's reward that takes the code once the shop has it; null for a friend coupon (the offer holds it). */
  reward_id: string | null;
  /** pending_in_shop until the platform said it created the code (or already had it). */
  status: 'pending_in_shop' | 'ready';
  /** The platform's id of what it created (a Shopify discount node, a WooCommerce coupon id, a Stripe promotion code id); null when it already existed. */
  shop_reference: string | null;
  created_at: string;
  ready_at: string | null;
}

/** webhook: a web hook POST; mail: an email; shop_coupon: a code created through a shop's admin API. */
export type OutboxKind = 'webhook' | 'mail' | 'shop_coupon';
/** suppressed: a mail done without sending (the merchant said the recipient unsubscribed). */
export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'disabled' | 'suppressed';

/** Something to deliver outside the collector, written in the transaction that caused it. */
export interface OutboxMessageRow {
  /** Also the web hook's `webhook-id`: the same on every attempt, so receivers can de-duplicate. */
  id: string;
  site_id: string;
  kind: OutboxKind;
  /** What happened, e.g. "referral.approved". */
  event_type: string;
  /** The row the message is about (a referral id). */
  subject_id: string | null;
  /** JSON, fixed when written so every attempt sends the same content. */
  payload: string;
  /** The web hook endpoint it goes to; null for mail, and for web hooks written before endpoints were listed (the site's webhook_url). */
  endpoint_url?: string | null;
  /** The event a web hook delivers (see EventRow); null for mail and for web hooks written before the event log. */
  event_id?: string | null;
  status: OutboxStatus;
  /** Attempts since the message was written or last redelivered (the backoff exponent). */
  attempts: number;
  next_attempt_at: string;
  /** Retries stop after this time (status becomes failed); set by the first attempt of a retry window. */
  give_up_after: string | null;
  /** The lease of the instance delivering it now; expired leases are taken over. */
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One try at delivering an outbox message. */
export interface OutboxAttemptRow {
  id: string;
  message_id: string;
  attempt_number: number;
  started_at: string;
  duration_ms: number;
  /** Where it went (the web hook URL), or null. */
  target: string | null;
  response_status: number | null;
  /** The first characters of the answer, for the merchant's debugging. */
  response_excerpt: string | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'failed' | 'disabled' | 'suppressed';
  created_at: string;
}

/** A web hook URL the receiver turned off with 410 Gone; nothing is sent there until redelivery re-enables it. */
export interface WebhookEndpointStateRow {
  id: string;
  site_id: string;
  url: string;
  disabled_at: string;
  disabled_reason: string;
}

/** An address that asked for no more invites from this site (the unsubscribe link). */
export interface EmailSuppressionRow {
  id: string;
  site_id: string;
  /** Normalised (lower case), as share recipients are. */
  email: string;
  /** "unsubscribe_link" (the page), "list_unsubscribe" (the mail client's one-click), "check_unsubscribe" (the shop's Check Unsubscribe answer) or "api" (the people API). */
  reason: string;
  created_at: string;
}

export type ConsoleRole = 'owner' | 'reviewer';

/** A person who signs in to the merchant console (see migration 0009). */
export interface ConsoleUserRow {
  id: string;
  /** Lower case. */
  email: string;
  role: ConsoleRole;
  /** JSON list of the site slugs a reviewer may see; null for every site. */
  sites: string | null;
  /** "scrypt$…" (signing/password-hash.ts); null until the user sets one. */
  password_hash: string | null;
  created_at: string;
  updated_at: string;
}

/** A one-time link to set a password; only the token's hash is stored. */
export interface ConsolePasswordTokenRow {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** A signed-in console session; the cookie holds the token, the store only its hash. */
export interface ConsoleSessionRow {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  /** Last request (updated at most once a minute): the idle expiry counts from here. */
  last_seen_at: string;
  /** The absolute expiry. */
  expires_at: string;
  /** Set on sign-out (this session, or every session of the user). */
  revoked_at: string | null;
  ip_address: string | null;
  user_agent: string | null;
}

/** Failed sign-ins under one key ("account:<email>" or "address:<group>") and the backoff they earned. */
export interface ConsoleSignInFailureRow {
  key: string;
  failures: number;
  last_failure_at: string;
  /** No sign-in under this key is tried before then. */
  locked_until: string | null;
}

/** One merchant action: who, when, what, on which site and thing, and why. */
export interface AuditLogRow {
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_email: string;
  /** "referral.approve", "referral.void", "referral.unblock", "user.add", "user.remove", "user.password"... */
  action: string;
  site_id: string | null;
  /** What it acted on: a referral id, a user's address. */
  subject: string | null;
  note: string | null;
  /** JSON: anything else worth keeping (the status before, a user's role). */
  detail: string | null;
}

/**
 * One fixed-window counter of the public rate limits shared by instances on PostgreSQL: the
 * calls one client address made in one bucket ("calls", "misses") in one minute.
 */
export interface RateLimitWindowRow {
  bucket: string;
  /** The client's address group (see net/address-group.ts). */
  key: string;
  /** The window's start, in whole minutes since the Unix epoch. */
  window_start_minute: number;
  hits: number;
}
