import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { cidrProblemInWords, parseCidr } from '../net/cidr-range';

/**
 * A site's fraud rules (`fraud: {...}` in the site configuration, once wired in): which signals
 * are evaluated, their thresholds, what a fired signal leads to, the block lists, and how a
 * flagged referral resolves when nobody looks at it. Everything has a default, and the defaults
 * are chosen against false positives: only certain fraud (exact self-referral, a block list)
 * blocks; every other signal flags, for a person to decide; and a flagged referral nobody decided
 * is approved after 14 days, so that two real friends behind one office address lose nothing
 * because the merchant was busy.
 */

/** What a fired signal leads to: a person's review (`flag`) or a refusal (`block`). */
export const FRAUD_ACTIONS = ['flag', 'block'] as const;
export type FraudAction = (typeof FRAUD_ACTIONS)[number];

/** How a flagged referral resolves by itself after the review deadline. */
export const FLAGGED_OUTCOMES = ['approve', 'void'] as const;

const WholeNumber = (minimum: number, maximum: number) =>
  v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(minimum), v.maxValue(maximum));

/** One signal's setting: whether it is evaluated and what it leads to, plus its own thresholds. */
function signalSetting<Extra extends v.ObjectEntries>(defaults: { enabled: boolean; action: FraudAction }, extra: Extra) {
  const setting = v.strictObject({
    enabled: v.optional(v.boolean(), defaults.enabled),
    action: v.optional(v.picklist(FRAUD_ACTIONS, 'must be "flag" or "block"'), defaults.action),
    ...extra,
  });
  // Every entry is optional, so an empty object is a valid setting: the signal's defaults.
  return v.optional(setting, {} as v.InferInput<typeof setting>);
}

/** A count limit: the signal fires when the count is more than `max`. */
const maxCount = (fallback: number) => ({ max: v.optional(WholeNumber(0, 10_000_000), fallback) });

/** The similar-email signal's setting: the lengths from which one and two edits count, the second no shorter. */
const SimilarEmailSetting = v.optional(
  v.pipe(
    v.strictObject({
      enabled: v.optional(v.boolean(), true),
      action: v.optional(v.picklist(FRAUD_ACTIONS, 'must be "flag" or "block"'), 'flag'),
      /** Local parts at least this long (the shorter of the two, in letters and digits) are compared for one edit. */
      one_edit_from_length: v.optional(WholeNumber(1, 64), 6),
      /** Local parts at least this long are compared for two edits. */
      two_edits_from_length: v.optional(WholeNumber(1, 64), 12),
    }),
    v.forward(
      v.check(
        (setting) => setting.two_edits_from_length >= setting.one_edit_from_length,
        'must be at least one_edit_from_length (two edits are allowed only on longer local parts than one)',
      ),
      ['two_edits_from_length'],
    ),
  ),
  {},
);

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/**
 * Coupon and deal sites a leaked code or link arrives from; a referrer on one of these or on a
 * subdomain of one fires the coupon-site signal. A list in the configuration, not a package: no
 * maintained one exists, and a merchant knows their market's sites.
 */
export const DEFAULT_COUPON_SITES = [
  'retailmenot.com',
  'joinhoney.com',
  'slickdeals.net',
  'couponfollow.com',
  'coupons.com',
  'dealspotr.com',
  'wethrift.com',
  'couponbirds.com',
  'knoji.com',
  'savings.com',
] as const;

const HostName = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(HOST, 'must be a host name such as retailmenot.com'));

/** A block-list email: an address (compared by its mailbox, so j.o.hn@gmail.com lists john@gmail.com) or `*@domain` / `*@*.domain`. */
const BlockedEmail = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.check(
    (entry) => /^\*@(\*\.)?[^@\s*]+\.[^@\s*]+$/.test(entry) || /^[^@\s*]+@[^@\s*]+\.[^@\s*]+$/.test(entry),
    'must be an email address, "*@domain" or "*@*.domain"',
  ),
);

const IpRange = v.pipe(
  v.string(),
  v.trim(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const range = parseCidr(dataset.value);
    if (typeof range === 'string') addIssue({ message: cidrProblemInWords(dataset.value, range) });
  }),
);

const CustomerId = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200));

const list = <Item extends v.GenericSchema<unknown, string>>(item: Item) => v.optional(v.pipe(v.array(item), v.maxLength(100_000)), []);

export const FraudRulesSchema = v.strictObject({
  signals: v.optional(
    v.strictObject({
      /** Friend and advocate are one person: the same email, mailbox alias or customer id. */
      self_referral: signalSetting({ enabled: true, action: 'block' }, {}),
      /** The friend's email is the advocate's by its provider's rules, or a near miss of it on the same domain. */
      similar_email: SimilarEmailSetting,
      same_ip: signalSetting({ enabled: true, action: 'flag' }, {}),
      same_network_prefix: signalSetting({ enabled: true, action: 'flag' }, {}),
      same_device: signalSetting({ enabled: true, action: 'flag' }, {}),
      same_user_agent: signalSetting({ enabled: true, action: 'flag' }, {}),
      same_shipping_address: signalSetting({ enabled: true, action: 'flag' }, {}),
      /** Off unless set: one postcode is thousands of households. */
      same_shipping_zip: signalSetting({ enabled: false, action: 'flag' }, {}),
      disposable_email: signalSetting({ enabled: true, action: 'flag' }, {}),
      advocate_referrals_per_hour: signalSetting({ enabled: true, action: 'flag' }, maxCount(10)),
      advocate_referrals_per_day: signalSetting({ enabled: true, action: 'flag' }, maxCount(50)),
      network_purchases_per_day: signalSetting({ enabled: true, action: 'flag' }, maxCount(5)),
      /** Talkable's max_clicks_per_link_per_hour. */
      link_clicks_per_hour: signalSetting({ enabled: true, action: 'flag' }, maxCount(500)),
      leaked_link: signalSetting(
        { enabled: true, action: 'flag' },
        { max_distinct_friends: v.optional(WholeNumber(1, 10_000_000), 25), window_hours: v.optional(WholeNumber(1, 24 * 365), 24) },
      ),
      leaked_coupon: signalSetting(
        { enabled: true, action: 'flag' },
        { max_distinct_friends: v.optional(WholeNumber(1, 10_000_000), 25), window_hours: v.optional(WholeNumber(1, 24 * 365), 24) },
      ),
      coupon_site_referrer: signalSetting({ enabled: true, action: 'flag' }, { sites: v.optional(v.pipe(v.array(HostName), v.maxLength(10_000)), [...DEFAULT_COUPON_SITES]) }),
      blocked_email: signalSetting({ enabled: true, action: 'block' }, {}),
      blocked_ip: signalSetting({ enabled: true, action: 'block' }, {}),
      blocked_customer_id: signalSetting({ enabled: true, action: 'block' }, {}),
      banned_advocate: signalSetting({ enabled: true, action: 'block' }, {}),
    }),
    {},
  ),
  blocklists: v.optional(
    v.strictObject({
      /** The friend's email: addresses, `*@domain` or `*@*.domain`. */
      emails: list(BlockedEmail),
      /** The friend's IP addresses: single addresses or CIDR ranges, IPv4 or IPv6. */
      ip_ranges: list(IpRange),
      /** The friend's customer id in the shop. */
      customer_ids: list(CustomerId),
      /** Advocates whose offers stop earning, by email (as `emails`) or customer id. */
      banned_advocates: v.optional(v.strictObject({ emails: list(BlockedEmail), customer_ids: list(CustomerId) }), {}),
    }),
    {},
  ),
  /** A flagged referral nobody decided resolves after this many days, as `outcome`, recorded as resolved by itself. */
  flagged_auto_resolution: v.optional(
    v.strictObject({
      after_days: v.optional(WholeNumber(1, 365), 14),
      outcome: v.optional(v.picklist(FLAGGED_OUTCOMES, 'must be "approve" or "void"'), 'approve'),
    }),
    {},
  ),
});

export type FraudRulesEntry = v.InferInput<typeof FraudRulesSchema>;
export type FraudRules = v.InferOutput<typeof FraudRulesSchema>;
export type FraudSignalName = keyof FraudRules['signals'];

/** The rules a site has when it configures none: every default above. */
export const DEFAULT_FRAUD_RULES: FraudRules = v.parse(FraudRulesSchema, {});

/**
 * A short stable name for a set of effective rules, recorded with every decision so that a
 * decision says which rules made it: the SHA-256 of the rules written with their keys sorted and
 * their lists sorted and without repeats (every list here is a set), so neither the order a
 * merchant wrote keys in nor a repeated entry changes it, and any change of meaning does.
 * Pass parsed rules (defaults filled in), so that writing a default out changes nothing.
 */
export function rulesVersion(rules: FraudRules): string {
  return `fr-${createHash('sha256').update(canonicalJson(rules)).digest('hex').slice(0, 16)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    const items = [...new Set(value.map(canonicalJson))].sort();
    return `[${items.join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
