import * as v from 'valibot';

/**
 * The shop's brand on the pages and mail Vouch serves for it (the claim page, the offer page,
 * the unsubscribe page, the invite email): a logo and a colour. The logo is an image the
 * friend's browser or mail client fetches, so it need not be on `allowed_hosts`, but it must be
 * https: an http image is blocked on an https page and flagged by mail clients.
 */
export const BrandSchema = v.object({
  logo_url: v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(2000), v.url('must be an absolute https URL'), v.regex(/^https:\/\/[^\s"'<>]+$/i, 'must be an https URL')),
  ),
  /** Buttons, accents and the coupon's frame; the text on buttons is picked to keep 4.5:1 against it. */
  colour: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb'), v.toLowerCase())),
});

export type Brand = v.InferOutput<typeof BrandSchema>;
