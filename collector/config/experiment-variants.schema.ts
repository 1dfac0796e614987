import * as v from 'valibot';
import { SHARE_CHANNELS } from '../contract/share-channels';

/** Most variants one experiment may have: each one splits the traffic further, and a test needs traffic. */
export const MAX_VARIANTS = 10;

/** How a variant is named in answers, web hooks and results ("control", "double-reward"). */
const VariantIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1 to 40 lower-case letters, digits, dashes or underscores'));

/** A widget string a variant rewrites: one line of the merchant's words. */
const VariantStringSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200), v.regex(/^[^\r\n]*$/, 'must be one line'));

/**
 * One variant of an experiment, with the weight of the traffic it gets and what it changes:
 * the offer's copy (`strings`, the widget's strings by name: headline, shareText, …), the rewards
 * (a whole reward each side, checked like the site's own), and the share channels and their order.
 * A key it leaves out keeps the campaign's setting. The reward schema is passed in, so this file
 * holds no copy of a reward's rules.
 */
export function variantSchema<Reward extends v.GenericSchema>(rewardSchema: Reward) {
  return v.object({
    id: VariantIdSchema,
    weight: v.pipe(v.number(), v.finite(), v.gtValue(0, 'must be more than 0'), v.maxValue(1_000_000)),
    /** Talkable-style copy: the widget's strings by name, each one line of the merchant's words. */
    strings: v.optional(v.pipe(v.record(v.pipe(v.string(), v.regex(/^[a-zA-Z]{1,40}$/, 'must be a widget string name')), VariantStringSchema), v.check((strings) => Object.keys(strings).length <= 40, 'must name at most 40 strings'))),
    advocate_reward: v.optional(rewardSchema),
    friend_reward: v.optional(rewardSchema),
    /** The share buttons the widget shows, in this order. */
    share_channels: v.optional(
      v.pipe(
        v.array(v.picklist(SHARE_CHANNELS, `must be one of ${SHARE_CHANNELS.map((name) => `"${name}"`).join(', ')}`)),
        v.minLength(1, 'must name at least one channel'),
        v.check((channels) => new Set(channels).size === channels.length, 'must not name a channel twice'),
      ),
    ),
  });
}

function drawsFromPool(reward: unknown): boolean {
  return typeof reward === 'object' && reward !== null && 'coupon_source' in reward && reward.coupon_source === 'pool';
}

/** An experiment's variants: ids unique, weights positive, at most MAX_VARIANTS; the first is the control. */
export function variantsSchema<Reward extends v.GenericSchema>(rewardSchema: Reward) {
  return v.pipe(
    v.array(variantSchema(rewardSchema)),
    v.maxLength(MAX_VARIANTS, `must list at most ${MAX_VARIANTS} variants`),
    v.check((variants) => variants.length !== 1, 'must list at least two variants (the first is the control), or none'),
    v.check((variants) => new Set(variants.map((variant) => variant.id)).size === variants.length, 'id values must be unique'),
    // A pool's codes were made beforehand for the campaign's one value; a variant's reward may differ.
    v.check(
      (variants) => variants.every((variant) => !drawsFromPool(variant.advocate_reward) && !drawsFromPool(variant.friend_reward)),
      'a variant\'s reward cannot draw from a pool (coupon_source "pool"): the pool\'s codes were made for the campaign\'s own reward',
    ),
  );
}
