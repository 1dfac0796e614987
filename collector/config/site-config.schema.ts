import * as v from 'valibot';
import { DEFAULT_RECIPIENTS_PER_SHARE } from '../contract/email-recipients';
import { VISITOR_UUID_NAME } from '../contract/visitor-uuid';
import { ConsumerKeySchema, ConsumerSecretSchema, ThresholdRewardsSchema } from './reverb-api.schema';
import { BrandSchema } from './brand.schema';
import { ConnectorsSchema, type Connectors } from './connectors.schema';
import { DEFAULT_EMAILS, EmailsSchema } from './emails.schema';
import { ENDPOINT_ID_PATTERN } from './webhook-endpoint-id';
import { FraudRulesSchema } from './fraud-rules.schema';
import { variantsSchema } from './experiment-variants.schema';

/** Incentive kinds, as Talkable names them. */
export const INCENTIVE_TYPES = ['rebate', 'discount_coupon', 'other'] as const;

const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

/** Where a discount_coupon reward's code comes from. */
export const COUPON_SOURCES = ['generated', 'pool'] as const;

/** Whether a number has at most two decimals (12.5, 7.25), so a percentage of cents rounds exactly. */
const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;

const Money = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000));

const Percent = v.pipe(
  v.number(),
  v.finite(),
  v.gtValue(0, 'must be more than 0'),
  v.maxValue(100, 'must be 100 or less'),
  v.check(hasAtMostTwoDecimals, 'must have at most two decimals'),
);

/** How an advocate's rewarded referrals are counted for tiers: in all, or anew each calendar month or year (UTC). */
export const TIER_PERIODS = ['all_time', 'calendar_month', 'calendar_year'] as const;
export type TierPeriod = (typeof TIER_PERIODS)[number];

/**
 * One tier of the advocate's reward: the advocate's Nth rewarded referral in the period, for N
 * from `from` to `to` (no end unless set), earns this instead of the reward's own amount — a
 * fixed `amount` or a `percent` of the friend's purchase (capped by `maximum_amount`), described
 * in its own words. The incentive (rebate, coupon) stays the reward's.
 */
const TierSchema = v.pipe(
  v.object({
    from: v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(1_000_000)),
    to: v.optional(v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(1_000_000))),
    amount: v.optional(Money),
    percent: v.optional(Percent),
    maximum_amount: v.optional(Money),
    incentive_description: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  }),
  v.forward(v.check((tier) => tier.to === undefined || tier.to >= tier.from, 'must not be less than from'), ['to']),
  v.forward(v.check((tier) => (tier.amount === undefined) !== (tier.percent === undefined), 'needs amount or percent (one of them)'), ['amount']),
  v.forward(v.check((tier) => tier.maximum_amount === undefined || tier.percent !== undefined, 'needs percent (it caps a percentage reward)'), ['maximum_amount']),
);

export type RewardTier = v.InferOutput<typeof TierSchema>;

/** The tiers in order of `from`, none overlapping the next. */
const TiersSchema = v.pipe(
  v.array(TierSchema),
  v.minLength(1, 'must list at least one tier'),
  v.maxLength(20),
  v.check(
    (tiers) => tiers.every((tier, index) => index === 0 || (tiers[index - 1]!.to ?? Infinity) < tier.from),
    'must be in order of from, each one starting after the one before ends (set its "to")',
  ),
);

/** A reward's keys, before the checks between them. */
const RewardFields = v.object({
  amount: v.nullish(Money),
  percent: v.optional(Percent),
  /** With percent: the most the computed amount may be. */
  maximum_amount: v.optional(Money),
  /** The advocate's only: what the Nth rewarded referral in `tier_period` earns instead. */
  tiers: v.optional(TiersSchema),
  /** How tiers count the advocate's rewarded referrals; all_time unless set. */
  tier_period: v.optional(v.picklist(TIER_PERIODS, `must be one of ${TIER_PERIODS.map((name) => `"${name}"`).join(', ')}`)),
  incentive: v.picklist(INCENTIVE_TYPES),
  incentive_description: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  /** discount_coupon only: a fresh unique code ("generated") or one of the merchant's codes ("pool"). */
  coupon_source: v.optional(v.picklist(COUPON_SOURCES), 'generated'),
  /** discount_coupon only: the code takes this percent off the order instead of a fixed amount ("15% off your first order"). */
  percent_off: v.optional(v.pipe(v.number(), v.finite(), v.gtValue(0, 'must be more than 0'), v.maxValue(100, 'must be 100 or less'))),
  // The code's rules (discount_coupon only): checked at the checkout by the coupon look-ups and
  // given to the shop with the code when a connector creates it there.
  /** Whether the code is used up by one order; true unless set to false. */
  single_use: v.optional(v.boolean()),
  /** Days from issue after which the code no longer applies; never, unless set. */
  expires_in_days: v.optional(v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(3650))),
  /** The least order subtotal the code applies to. */
  minimum_subtotal: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000))),
  /** Whether only a customer with no earlier order may use the code; false unless set. */
  new_customers_only: v.optional(v.boolean()),
});

type RewardEntry = v.InferOutput<typeof RewardFields>;

/** The keys of a code's rules: checked at the checkout (the coupon look-ups), given to the shop with the code. */
export const COUPON_RULE_KEYS = ['percent_off', 'single_use', 'expires_in_days', 'minimum_subtotal', 'new_customers_only'] as const satisfies readonly (keyof RewardEntry)[];

/** Refuses a code's rule on a reward that gives no code, naming the rule. */
function onlyForCoupons(key: (typeof COUPON_RULE_KEYS)[number]) {
  return v.forward(
    v.check((reward: RewardEntry) => reward[key] === undefined || reward.incentive === 'discount_coupon', 'needs incentive "discount_coupon" (it is a rule of the coupon code)'),
    [key],
  );
}

/**
 * What one side of the referral gets: a fixed `amount` ("$10 off", "$5.00 back"), or for the
 * advocate a `percent` of the friend's purchase subtotal ("10% of your friend's order back"),
 * computed when the reward is issued and capped by `maximum_amount`. Talkable writes a percentage
 * incentive as `amount` with `percentage: true`; Vouch's percent is of the friend's order, paid as
 * the computed amount, so it has a key of its own and a coupon for it is a fixed-amount code; a
 * percent-off code is `percent_off`. A discount_coupon reward's code follows its rules
 * (single_use, expires_in_days, minimum_subtotal, new_customers_only), which no other incentive takes.
 */
export const RewardSchema = v.pipe(
  RewardFields,
  v.forward(
    v.check((reward) => reward.percent === undefined || reward.amount === undefined || reward.amount === null, 'must not be set with amount (a reward is a fixed amount or a percent, not both)'),
    ['percent'],
  ),
  v.forward(v.check((reward) => reward.maximum_amount === undefined || reward.percent !== undefined, 'needs percent (it caps a percentage reward)'), ['maximum_amount']),
  v.forward(v.check((reward) => reward.tier_period === undefined || reward.tiers !== undefined, 'needs tiers (it says how they count)'), ['tier_period']),
  v.forward(v.check((reward) => reward.tiers === undefined || reward.incentive !== 'other', 'needs incentive "rebate" or "discount_coupon" (a non-monetary reward has no amount to tier)'), ['tiers']),
  v.forward(
    v.check((reward) => reward.tiers === undefined || reward.coupon_source !== 'pool', "cannot draw from a pool (coupon_source \"pool\"): a pool's codes were made for one value, a tier's differs"),
    ['tiers'],
  ),
  // A code's rules belong to a code: a rebate or a non-monetary reward has none to check at a checkout.
  onlyForCoupons('percent_off'),
  onlyForCoupons('single_use'),
  onlyForCoupons('expires_in_days'),
  onlyForCoupons('minimum_subtotal'),
  onlyForCoupons('new_customers_only'),
  v.forward(
    v.check((reward) => reward.percent_off === undefined || reward.amount === undefined || reward.amount === null, 'must not be set with amount (a code takes a fixed amount or a percent off, not both)'),
    ['percent_off'],
  ),
  v.forward(
    v.check((reward) => reward.percent_off === undefined || reward.percent === undefined, "must not be set with percent (percent is of the friend's order, paid as a fixed-amount code)"),
    ['percent_off'],
  ),
  v.forward(v.check((reward) => reward.percent === undefined || reward.incentive !== 'other', 'needs incentive "rebate" or "discount_coupon" (a non-monetary reward has no amount to compute)'), ['percent']),
  // The merchant made a pool's codes beforehand, for one value; a computed amount differs per order.
  v.forward(
    v.check((reward) => reward.percent === undefined || reward.coupon_source !== 'pool', 'cannot draw from a pool (coupon_source "pool"): a pool\'s codes were made for one value, a percentage reward\'s amount differs per order'),
    ['percent'],
  ),
);

/** Whether a reward, or one of its tiers, is a percentage of the friend's purchase. */
function takesPercent(reward: RewardEntry): boolean {
  return reward.percent !== undefined || (reward.tiers ?? []).some((tier) => tier.percent !== undefined);
}

/** The ISO 4217 codes this Node knows (Intl's list), upper-case. */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code, in any case; kept upper-case ("EUR"). */
export const CurrencySchema = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.check((code) => ISO_CURRENCIES.has(code), 'must be an ISO 4217 currency code such as USD or EUR'),
);

/** The currency of a site whose configuration names none (nor its Stripe connector). */
export const DEFAULT_CURRENCY = 'USD';

/** A coupon code the merchant made in their shop; stored upper-case, as codes are typed. */
export const CouponCodeSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/, 'must be 3 to 64 letters, digits, dots, dashes or underscores'),
  v.toUpperCase(),
);

/** Most coupon codes one configuration list or API call may load. */
export const MAX_COUPON_CODES_PER_LOAD = 10_000;

const CouponCodeList = v.pipe(v.array(CouponCodeSchema), v.maxLength(MAX_COUPON_CODES_PER_LOAD));

/** A Standard Webhooks secret: "whsec_" and base64 of 24 to 64 random bytes. */
export const WebhookSecretSchema = v.pipe(
  v.string(),
  v.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be "whsec_" followed by base64'),
  v.check((secret) => {
    const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must encode 24 to 64 bytes'),
);

/** Most secrets signed with at once: the current one and the one being rotated out. */
export const MAX_WEBHOOK_SECRETS = 2;

/**
 * What a web hook endpoint may subscribe to: "referral" is Talkable's Referral web hook
 * (referral.approved, referral.unblocked), "reward" Talkable's Reward web hook (reward.issued, reward.reduced,
 * reward.reversed), "post_share", "event" and "unsubscribe" Talkable's Post Share, Event and
 * Unsubscribe web hooks; the referral.* ones are single referral lifecycle events. "create_coupon"
 * and "check_unsubscribe" ask the shop something and Vouch acts on the answer (a pool's new code;
 * whether an invite may go).
 */
export const WEBHOOK_SUBSCRIPTIONS = [
  'referral', 'reward', 'referral.created', 'referral.flagged', 'referral.blocked', 'referral.voided',
  'post_share', 'event', 'unsubscribe',
  'create_coupon',
  'check_unsubscribe',
] as const;
export type WebhookSubscription = (typeof WEBHOOK_SUBSCRIPTIONS)[number];

/** Most campaigns one site may list. */
export const MAX_CAMPAIGNS = 50;

/** Most web hook endpoints one site may list. */
export const MAX_WEBHOOK_ENDPOINTS = 10;

const WebhookUrlSchema = v.pipe(v.string(), v.url('must be an absolute http(s) URL'), v.regex(/^https?:\/\//i, 'must be an http(s) URL'));

const EnvNameSchema = v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'));

/** The body's encoding: JSON, or Talkable's form post (key, site, type, payload). */
export const WEBHOOK_FORMATS = ['json', 'form'] as const;

/** The `key` field of the form format: a constant the receiver compares, as Talkable's security key. */
export const FormKeySchema = v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'), v.maxLength(200), v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'));

/** One entry of `webhooks`: where to post, how to sign, and which types it wants. */
export const WebhookEndpointSchema = v.pipe(
  v.object({
    /** How the API names the endpoint (GET /api/v2/webhook_endpoints, its sample delivery); derived from the URL when absent. */
    id: v.optional(v.pipe(v.string(), v.regex(ENDPOINT_ID_PATTERN, 'must be 1 to 63 letters, digits, dashes or underscores'))),
    url: WebhookUrlSchema,
    secret: v.optional(v.union([WebhookSecretSchema, v.pipe(v.array(WebhookSecretSchema), v.minLength(1), v.maxLength(MAX_WEBHOOK_SECRETS))])),
    secret_env: v.optional(EnvNameSchema),
    events: v.pipe(
      v.array(v.picklist(WEBHOOK_SUBSCRIPTIONS, `must be one of ${WEBHOOK_SUBSCRIPTIONS.map((name) => `"${name}"`).join(', ')}`)),
      v.minLength(1, 'must name at least one event'),
    ),
    format: v.optional(v.picklist(WEBHOOK_FORMATS, 'must be "json" or "form"'), 'json'),
    /** The form format's constant `key`; derived from the secret when neither it nor key_env is set. */
    key: v.optional(FormKeySchema),
    key_env: v.optional(EnvNameSchema),
  }),
  v.forward(v.check((endpoint) => endpoint.secret !== undefined || endpoint.secret_env !== undefined, 'is required (or secret_env)'), ['secret']),
);

const ApprovalSchema = v.object({
  mode: v.picklist(['auto', 'manual'], 'must be "auto" or "manual"'),
  /** Fractions are allowed (tests use seconds); 8760 hours is a year. */
  cooling_period_in_hours: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(8760)), 72),
});

/** A retention period in days: at least one, at most about 30 years. */
const RetentionDays = v.pipe(v.number(), v.safeInteger('must be a whole number of days'), v.minValue(1, 'must be at least 1'), v.maxValue(10_000));

const WholeCount = v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0), v.maxValue(1_000_000));

/** Which friend origin closes (creates) a referral; absent = any Purchase or Event. */
const ReferralClosedBySchema = v.variant(
  'origin',
  [
    v.object({
      origin: v.literal('Purchase'),
      minimum_subtotal: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000_000))),
    }),
    v.object({
      origin: v.literal('Event'),
      event_category: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
      /** The friend's Nth event of that category closes it ("after the third billing cycle"). */
      nth: v.optional(v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(1000)), 1),
    }),
  ],
  'must be {"origin": "Purchase"} or {"origin": "Event", "event_category": ...}',
);

/** How many referrals an advocate may be rewarded for. */
const LimitsSchema = v.object({
  rewarded_referrals_per_advocate_per_month: v.optional(WholeCount),
  rewarded_referrals_per_advocate: v.optional(WholeCount),
});

/** The language of the claim and offer pages and the emails. */
const LocaleSchema = v.picklist(['en', 'fr']);

/** An SMTP server URL: smtp://user:pass@host:587 or smtps://…:465 (nodemailer's form). */
export const SmtpUrlSchema = v.pipe(v.string(), v.url('must be an smtp:// or smtps:// URL'), v.regex(/^smtps?:\/\//i, 'must be an smtp:// or smtps:// URL'));

const InviteTemplateLine = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200), v.regex(/^[^\r\n]*$/, 'must be one line'));

/** The site's invite wording; placeholders {{advocate}}, {{shop}}, {{reward}}. */
const EmailInviteSchema = v.object({
  subject: v.optional(InviteTemplateLine),
  heading: v.optional(InviteTemplateLine),
  button: v.optional(InviteTemplateLine),
});

/** Abuse limits of email shares; the defaults are the ones in the README. */
export const DEFAULT_EMAIL_LIMITS = { recipients_per_share: DEFAULT_RECIPIENTS_PER_SHARE, recipients_per_advocate_per_day: 50, recipients_per_ip_per_hour: 100 };

const EmailLimitsSchema = v.object({
  /** At most 100: the API takes no longer recipient list. */
  recipients_per_share: v.optional(v.pipe(WholeCount, v.minValue(1), v.maxValue(100)), DEFAULT_EMAIL_LIMITS.recipients_per_share),
  recipients_per_advocate_per_day: v.optional(WholeCount, DEFAULT_EMAIL_LIMITS.recipients_per_advocate_per_day),
  recipients_per_ip_per_hour: v.optional(WholeCount, DEFAULT_EMAIL_LIMITS.recipients_per_ip_per_hour),
});

const FRIEND_PERCENT_IN_VARIANT = "is the advocate's only: the friend's reward comes before the purchase it would be a percentage of";
const ADVOCATE_PERCENT_IN_VARIANT = "an advocate_reward percent needs referrals closed by a purchase, and no threshold_rewards (as the site's own advocate_reward)";

/** Whether a variant of the experiment gives the friend a percentage (refused: see FRIEND_PERCENT_IN_VARIANT). */
function hasFriendPercent(variants: readonly { friend_reward?: { percent?: number } | undefined }[]): boolean {
  return variants.some((variant) => variant.friend_reward?.percent !== undefined);
}

/** Whether a variant of the experiment gives the advocate a percentage of the friend's purchase. */
function hasAdvocatePercent(variants: readonly { advocate_reward?: { percent?: number } | undefined }[]): boolean {
  return variants.some((variant) => variant.advocate_reward?.percent !== undefined);
}

/** Whether referrals closed this way always have a purchase to take a percentage of (no Event, no click or share threshold). */
function takesPercentOfPurchases(site: { threshold_rewards: readonly unknown[] }, closedBy: { origin: string } | undefined): boolean {
  return closedBy?.origin !== 'Event' && site.threshold_rewards.length === 0;
}

/** An issue path from `root` down `keys`, as v.forward builds one, for a check that names an entry by its index. */
function pathTo(root: unknown, keys: readonly (string | number)[]): [v.UnknownPathItem, ...v.UnknownPathItem[]] {
  let input = root as Record<string | number, unknown>;
  const items = keys.map((key) => {
    const value = input[key];
    const item: v.UnknownPathItem = { type: 'unknown', origin: 'value', input, key, value };
    input = value as Record<string | number, unknown>;
    return item;
  });
  return items as [v.UnknownPathItem, ...v.UnknownPathItem[]];
}

const ExperimentVariantsSchema = variantsSchema(RewardSchema);

/** One variant of an experiment (the site's, or a campaign's own): what it changes, and its weight. */
export type ExperimentVariant = v.InferOutput<typeof ExperimentVariantsSchema>[number];

/** Where a campaign's offer is shown, as Talkable's campaign placements: after a purchase, on a standalone page, in a floating widget, in an email. */
export const CAMPAIGN_PLACEMENTS = ['post-purchase', 'standalone', 'floating', 'email'] as const;
export type CampaignPlacement = (typeof CAMPAIGN_PLACEMENTS)[number];

/** A campaign's id or slug: the config gives it, so it stays the same across restarts (a uuid fits too). */
const CampaignNameSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1 to 64 letters, digits, dashes or underscores'));

const CampaignDateSchema = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp such as 2026-12-01T00:00:00Z'));

const CampaignTagSchema = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100));

/**
 * One of a site's campaigns (README "Campaigns"): which origins it takes (its tags, placement and
 * dates) and the settings it gives their offers instead of the site's. A setting left out is the
 * site's; each has the same shape as the site-level key it overrides.
 */
export const CampaignSchema = v.pipe(
  v.object({
    id: CampaignNameSchema,
    slug: CampaignNameSchema,
    name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
    tags: v.pipe(v.array(CampaignTagSchema), v.minLength(1, 'must name at least one tag')),
    placement: v.picklist(CAMPAIGN_PLACEMENTS, `must be one of ${CAMPAIGN_PLACEMENTS.map((name) => `"${name}"`).join(', ')}`),
    starts_at: v.optional(CampaignDateSchema),
    ends_at: v.optional(CampaignDateSchema),
    advocate_reward: v.optional(RewardSchema),
    friend_reward: v.optional(RewardSchema),
    approval: v.optional(ApprovalSchema),
    referral_closed_by: v.optional(ReferralClosedBySchema),
    limits: v.optional(LimitsSchema),
    locale: v.optional(LocaleSchema),
    email_invite: v.optional(EmailInviteSchema),
    /** The currency of this campaign's rewards (ISO 4217); the site's unless set. */
    currency: v.optional(CurrencySchema),
    offer_expires_in_days: v.optional(v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(3650))),
    /** The campaign's own experiment (README "Experiments (A/B)"); [] runs none; the site's unless set. */
    variants: v.optional(ExperimentVariantsSchema),
  }),
  v.forward(
    v.check((campaign) => !campaign.starts_at || !campaign.ends_at || Date.parse(campaign.starts_at) < Date.parse(campaign.ends_at), 'must be after starts_at'),
    ['ends_at'],
  ),
  v.forward(v.check((campaign) => campaign.friend_reward?.percent === undefined, "is the advocate's only: the friend's reward comes before the purchase it would be a percentage of"), ['friend_reward', 'percent']),
  v.forward(v.check((campaign) => campaign.friend_reward?.tiers === undefined, "is the advocate's only: a friend is referred once"), ['friend_reward', 'tiers']),
  v.forward(v.check((campaign) => !hasFriendPercent(campaign.variants ?? []), FRIEND_PERCENT_IN_VARIANT), ['variants']),
);

/** Values of one key that two campaigns (or a campaign and the site) share, for the uniqueness checks. */
function hasRepeats(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

/** A shop that runs a referral program through this collector. */
export const SiteSchema = v.pipe(
  v.object({
    site_slug: v.pipe(
      v.string(),
      v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes'),
    ),
    name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))),
    api_key: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
    api_key_env: v.optional(v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'))),
    allowed_hosts: v.pipe(
      v.array(v.pipe(v.string(), v.toLowerCase(), v.regex(HOST_PATTERN, 'must be a host name such as shop.example or *.shop.example'))),
      v.minLength(1, 'must name at least one host'),
    ),
    destination_url: v.pipe(v.string(), v.url('must be an absolute http(s) URL'), v.regex(/^https?:\/\//i, 'must be an http(s) URL')),
    visitor_uuid_param: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,40}$/)), VISITOR_UUID_NAME),
    show_claim_page: v.optional(v.boolean(), true),
    /** The currency of every amount (rewards, subtotals), ISO 4217: USD unless set (or the Stripe connector's). */
    currency: v.optional(CurrencySchema),
    /** Days after which an advocate's offer expires: its links show "this invitation has expired" and close no referral. Never, unless set. */
    offer_expires_in_days: v.optional(v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(3650))),
    /** false: a claim sets no cookie of the collector's own (for consent-first shops); each click is then a new visitor. */
    claim_cookie: v.optional(v.boolean(), true),
    advocate_reward: v.optional(RewardSchema, {
      amount: 10,
      incentive: 'rebate',
      incentive_description: '$10 back',
      coupon_source: 'generated',
    }),
    friend_reward: v.optional(RewardSchema, {
      amount: 10,
      incentive: 'discount_coupon',
      incentive_description: '$10 off your first order',
      coupon_source: 'generated',
    }),
    locale: v.optional(LocaleSchema, 'en'),
    /**
     * The consent the standalone referral page (/r/<site_slug>) asks for, in the shop's words
     * ("I agree to receive emails from …"): with it, joining needs the box ticked; without it, no box.
     */
    advocate_consent_text: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500))),
    /** The shop's logo and colour on the claim, offer and unsubscribe pages and in the invite email. */
    brand: v.optional(BrandSchema),
    webhook_url: v.optional(WebhookUrlSchema),
    webhook_secret: v.optional(
      v.union([WebhookSecretSchema, v.pipe(v.array(WebhookSecretSchema), v.minLength(1), v.maxLength(MAX_WEBHOOK_SECRETS))]),
    ),
    webhook_secret_env: v.optional(v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'))),
    webhook_format: v.optional(v.picklist(WEBHOOK_FORMATS, 'must be "json" or "form"'), 'json'),
    /** The `key` field of the form format (Talkable's); derived from webhook_secret when absent. */
    webhook_key: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
    allow_private_webhook_hosts: v.optional(v.boolean(), false),
    /** More endpoints, each with its own secret and the types it subscribes to; webhook_url is one more, subscribed to "referral". */
    webhooks: v.optional(
      v.pipe(
        v.array(WebhookEndpointSchema),
        v.maxLength(MAX_WEBHOOK_ENDPOINTS),
        v.check((endpoints) => new Set(endpoints.map((endpoint) => endpoint.url)).size === endpoints.length, 'url values must be unique'),
        v.check((endpoints) => {
          const ids = endpoints.flatMap((endpoint) => (endpoint.id ? [endpoint.id] : []));
          return new Set(ids).size === ids.length;
        }, 'id values must be unique'),
      ),
      [],
    ),
    approval: v.optional(ApprovalSchema, { mode: 'auto', cooling_period_in_hours: 72 }),
    referral_closed_by: v.optional(ReferralClosedBySchema),
    limits: v.optional(LimitsSchema, {}),
    /**
     * How long personal details are kept (days; kept for good when absent): IP addresses and
     * browsers' user agents, and visitor uuids (after which an old click attributes nothing).
     */
    retention: v.optional(
      v.object({
        ip_addresses_days: v.optional(RetentionDays),
        visitor_uuids_days: v.optional(RetentionDays),
        /** The keyed hashes of shipping addresses and postcodes (the same_shipping_* fraud signals). */
        shipping_addresses_days: v.optional(RetentionDays),
      }),
      {},
    ),
    coupon_codes: v.optional(v.object({ advocate: v.optional(CouponCodeList), friend: v.optional(CouponCodeList) })),
    /** What the codes Vouch asks the shop to create (create_coupon) start with; REWARD / FRIEND unless set. */
    coupon_code_prefix: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,16}$/, 'must be 1 to 16 letters or digits'), v.toUpperCase())),
    smtp_url: v.optional(SmtpUrlSchema),
    smtp_url_env: v.optional(v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'))),
    /** The invites' From: "Shop <hello@shop.example>" or a bare address. */
    mail_from: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200), v.regex(/^[^\r\n]*[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?$/, 'must be an address or "Name <address>"'))),
    email_invite: v.optional(EmailInviteSchema, {}),
    email_limits: v.optional(EmailLimitsSchema, DEFAULT_EMAIL_LIMITS),
    /** The emails Vouch sends to advocates and friends besides invites, each switched on here. */
    emails: v.optional(EmailsSchema, DEFAULT_EMAILS),
    /** HTTP Basic credentials of the Reverb-shaped /api/v1 (Reverb's referral records API); without them that API answers 401. */
    consumer_key: v.optional(ConsumerKeySchema),
    consumer_secret: v.optional(ConsumerSecretSchema),
    consumer_secret_env: v.optional(v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'))),
    threshold_rewards: v.optional(ThresholdRewardsSchema, []),
    /** The shop platforms whose web hooks Vouch receives and whose admin APIs create its codes. */
    connectors: v.optional(ConnectorsSchema, {}),
    /** The fraud rules every referral is decided by: signals, thresholds, block lists, the flagged review deadline (README "Fraud"). */
    fraud: v.optional(FraudRulesSchema, {}),
    /** More campaigns than the site's own (README "Campaigns"); without them the site-level settings are its one campaign. */
    campaigns: v.optional(
      v.pipe(
        v.array(CampaignSchema),
        v.maxLength(MAX_CAMPAIGNS),
        v.check((campaigns) => !hasRepeats(campaigns.map((campaign) => campaign.id)), 'id values must be unique'),
        v.check((campaigns) => !hasRepeats(campaigns.map((campaign) => campaign.slug)), 'slug values must be unique'),
      ),
    ),
    /** An A/B experiment of the offer: each visitor sees one variant, the first is the control (README "Experiments (A/B)"). */
    variants: v.optional(ExperimentVariantsSchema, []),
  }),
  v.check((site) => site.api_key !== undefined || site.api_key_env !== undefined, 'needs api_key or api_key_env'),
  // The site's own settings are its default campaign, answered with the site_slug as its slug.
  v.forward(v.check((site) => !site.campaigns?.some((campaign) => campaign.slug === site.site_slug), 'slug values must differ from the site_slug (the default campaign\'s slug)'), ['campaigns']),
  // A percentage is of the friend's purchase: the friend's own reward comes before that purchase
  // (the claim page's coupon), and a referral that no purchase closes has nothing to take it of.
  // A friend's percent is money back on the purchase that closed the referral, paid at approval;
  // a code shown before that purchase cannot be worth a percentage of it (that is percent_off).
  v.forward(
    v.check((site) => site.friend_reward.percent === undefined || site.friend_reward.incentive === 'rebate', "needs incentive \"rebate\": the friend's code is shown before the purchase it would be a percentage of (a code that takes a percent off is percent_off)"),
    ['friend_reward', 'percent'],
  ),
  v.forward(v.check((site) => site.friend_reward.tiers === undefined, "is the advocate's only: a friend is referred once"), ['friend_reward', 'tiers']),
  v.forward(
    v.check((site) => site.friend_reward.percent === undefined || site.referral_closed_by?.origin !== 'Event', 'needs referrals closed by a purchase: referral_closed_by names an Event, which has no purchase subtotal to take a percentage of'),
    ['friend_reward', 'percent'],
  ),
  v.forward(
    v.check((site) => !takesPercent(site.advocate_reward) || site.referral_closed_by?.origin !== 'Event', 'needs referrals closed by a purchase: referral_closed_by names an Event, which has no purchase subtotal to take a percentage of'),
    ['advocate_reward', 'percent'],
  ),
  v.forward(
    v.check((site) => !takesPercent(site.advocate_reward) || site.threshold_rewards.length === 0, 'cannot go with threshold_rewards: a click or share threshold referral has no friend purchase to take a percentage of'),
    ['advocate_reward', 'percent'],
  ),
  v.forward(
    v.check((site) => site.currency === undefined || site.connectors.stripe?.currency === undefined || site.connectors.stripe.currency === site.currency.toLowerCase(), "must be the Stripe connector's currency (connectors.stripe.currency), or leave one of them unset"),
    ['currency'],
  ),
  v.forward(v.check((site) => !hasFriendPercent(site.variants), FRIEND_PERCENT_IN_VARIANT), ['variants']),
  v.forward(
    v.check((site) => !hasAdvocatePercent(site.variants) || takesPercentOfPurchases(site, site.referral_closed_by), ADVOCATE_PERCENT_IN_VARIANT),
    ['variants'],
  ),
  // A campaign's own variants, on the campaign's referral_closed_by (else the site's): named by the campaign's index.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const site = dataset.value;
    (site.campaigns ?? []).forEach((campaign, index) => {
      if (!hasAdvocatePercent(campaign.variants ?? []) || takesPercentOfPurchases(site, campaign.referral_closed_by ?? site.referral_closed_by)) return;
      addIssue({ message: ADVOCATE_PERCENT_IN_VARIANT, path: pathTo(site, ['campaigns', index, 'variants']) });
    });
  }),
  v.forward(
    v.check(
      (site) => (site.consumer_key === undefined) === (site.consumer_secret === undefined && site.consumer_secret_env === undefined),
      'consumer_key and consumer_secret (or consumer_secret_env) go together',
    ),
    ['consumer_key'],
  ),
  v.forward(
    v.check(
      (site) => site.webhook_url === undefined || site.webhook_secret !== undefined || site.webhook_secret_env !== undefined,
      'is required with webhook_url (or webhook_secret_env)',
    ),
    ['webhook_secret'],
  ),
  v.forward(
    v.check((site) => site.webhook_url === undefined || !site.webhooks.some((endpoint) => endpoint.url === site.webhook_url), 'must not also be listed in webhooks'),
    ['webhook_url'],
  ),
);

/** The whole configuration file. */
export const SiteConfigSchema = v.object({
  public_url: v.optional(v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//i))),
  sites: v.pipe(
    v.array(SiteSchema),
    v.minLength(1, 'must list at least one site'),
    v.check(
      (sites) => new Set(sites.map((site) => site.site_slug)).size === sites.length,
      'site_slug values must be unique',
    ),
    v.check((sites) => {
      const keys = sites.flatMap((site) => (site.consumer_key ? [site.consumer_key] : []));
      return new Set(keys).size === keys.length;
    }, 'consumer_key values must be unique'),
  ),
});

export type SiteConfigFile = v.InferOutput<typeof SiteConfigSchema>;
export type SiteEntry = v.InferOutput<typeof SiteSchema>;
export type Reward = v.InferOutput<typeof RewardSchema>;
export type CampaignEntry = v.InferOutput<typeof CampaignSchema>;

/**
 * What a campaign's rewards are computed from: both sides' rewards (tiers included), the currency
 * they are paid in and how long its offers last. Today the site's; code that computes a reward
 * takes this object rather than reading the site, so the settings can come from elsewhere.
 */
export type RewardSettings = Pick<Site, 'advocate_reward' | 'friend_reward' | 'currency' | 'offer_expires_in_days'>;

/** A web hook endpoint with its secrets resolved: a `webhooks` entry, or webhook_url. */
export interface WebhookEndpoint {
  /** The configured id, else one derived from the site slug and URL (stable across restarts). */
  id: string;
  url: string;
  /** Every current secret; each signs every delivery, so a rotation loses none. */
  secrets: string[];
  events: WebhookSubscription[];
  /** "form": Talkable's form post (key, site, type, payload); "json": the payload is the body. */
  format: (typeof WEBHOOK_FORMATS)[number];
  /** The form format's `key` field: configured (key, key_env, webhook_key) or derived from the first secret; the same on every delivery. */
  key: string;
}

/** A configured site with its secrets resolved. */
export interface Site
  extends Omit<SiteEntry, 'currency' | 'api_key' | 'api_key_env' | 'webhook_secret' | 'webhook_secret_env' | 'webhooks' | 'smtp_url' | 'smtp_url_env' | 'consumer_secret' | 'consumer_secret_env' | 'connectors'> {
  api_key: string;
  /** The currency of every amount, ISO 4217 upper-case: the configured one, else the Stripe connector's, else USD. */
  currency: string;
  /** The configured shop connectors, secrets resolved from their environment variables. */
  connectors: Connectors;
  /** The Reverb-shaped API's Basic auth password (consumer_secret or consumer_secret_env); null without consumer_key. */
  consumer_secret: string | null;
  /** Where invites go out (smtp_url, smtp_url_env or SMTP_URL); null = none configured. Holds credentials: never log or answer it. */
  smtp_url: string | null;
  /** Every current web hook secret; each signs every delivery, so a rotation loses none. */
  webhook_secrets: string[];
  /** Every endpoint (webhook_url first, then `webhooks`), secrets resolved. */
  webhook_endpoints: WebhookEndpoint[];
  /** Public id of the site's row in the store (its campaign / website uuid). */
  id: string;
}
