import * as v from 'valibot';

/** Incentive kinds, as Talkable names them. */
export const INCENTIVE_TYPES = ['rebate', 'discount_coupon', 'other'] as const;

const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

/** What one side of the referral gets: "$10 off", "$5.00 back". */
export const RewardSchema = v.object({
  amount: v.nullish(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000))),
  incentive: v.picklist(INCENTIVE_TYPES),
  incentive_description: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});

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
    visitor_uuid_param: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,40}$/)), 'vouch_uuid'),
    show_claim_page: v.optional(v.boolean(), true),
    advocate_reward: v.optional(RewardSchema, {
      amount: 10,
      incentive: 'rebate',
      incentive_description: '$10 back',
    }),
    friend_reward: v.optional(RewardSchema, {
      amount: 10,
      incentive: 'discount_coupon',
      incentive_description: '$10 off your first order',
    }),
    locale: v.optional(v.picklist(['en', 'fr']), 'en'),
  }),
  v.check((site) => site.api_key !== undefined || site.api_key_env !== undefined, 'needs api_key or api_key_env'),
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
  ),
});

export type SiteConfigFile = v.InferOutput<typeof SiteConfigSchema>;
export type SiteEntry = v.InferOutput<typeof SiteSchema>;
export type Reward = v.InferOutput<typeof RewardSchema>;

/** A configured site with its secret resolved. */
export interface Site extends Omit<SiteEntry, 'api_key' | 'api_key_env'> {
  api_key: string;
  /** Public id of the site's row in the store (its campaign / website uuid). */
  id: string;
}
