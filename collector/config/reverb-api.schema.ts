import * as v from 'valibot';

/** The user name of the Reverb-shaped API's HTTP Basic auth; no ":" since Basic splits on the first one. */
export const ConsumerKeySchema = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x39\x3b-\x7e]{8,200}$/, 'must be 8 to 200 printable characters without spaces or ":"'),
);

/** The password of the Reverb-shaped API's HTTP Basic auth. */
export const ConsumerSecretSchema = v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'), v.maxLength(200));

/** Most thresholds a site may configure: each one is checked on every click or share. */
export const MAX_THRESHOLD_REWARDS = 10;

/**
 * Click and share thresholds (Reverb's reward_action_type 3 and 4): the advocate earns a
 * referral, and through it the advocate reward, when their links reach `qualified_amount`
 * distinct visitors (3) or recorded shares (4).
 */
export const ThresholdRewardsSchema = v.pipe(
  v.array(
    v.object({
      reward_action_type: v.picklist([3, 4], 'must be 3 (clicks) or 4 (shares)'),
      qualified_amount: v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(1_000_000)),
    }),
  ),
  v.maxLength(MAX_THRESHOLD_REWARDS),
  v.check(
    (thresholds) => new Set(thresholds.map((item) => `${item.reward_action_type}:${item.qualified_amount}`)).size === thresholds.length,
    'must not repeat a threshold',
  ),
);

export type ThresholdReward = v.InferOutput<typeof ThresholdRewardsSchema>[number];
