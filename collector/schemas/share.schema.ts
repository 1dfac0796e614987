import * as v from 'valibot';
import { SOCIAL_CHANNELS } from '../contract/share-channels';
import { ApiKey, DeviceId, OfferCode, ShortText, SiteSlug } from './common.schema';

/** POST /api/v2/offers/:short_url_code/shares/… */
export const ShareParams = v.object({ short_url_code: OfferCode });

/** POST /api/v2/offers/:short_url_code/shares/social */
export const SocialShareBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  channel: v.picklist(SOCIAL_CHANNELS, `must be one of ${SOCIAL_CHANNELS.join(', ')}`),
  /** The widget's first-party device id (kept only as a keyed hash, for the same-device signal). */
  device_id: v.optional(DeviceId),
});

/** POST /api/v2/offers/:short_url_code/shares/email */
export const EmailShareBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  /** Comma- or newline-separated, or a JSON array of addresses. */
  recipients: v.union(
    [v.pipe(v.string(), v.maxLength(5000)), v.pipe(v.array(v.pipe(v.string(), v.maxLength(254))), v.maxLength(100))],
    'must be a list of email addresses',
  ),
  subject: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  body: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))),
  reminder: v.optional(v.boolean()),
  advocate_name: v.optional(ShortText),
  /** The offer's share_key, which a call without the secret key must carry. */
  share_key: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{32}$/, 'must be the offer share_key'))),
  /** The widget's first-party device id (kept only as a keyed hash, for the same-device signal). */
  device_id: v.optional(DeviceId),
});

export type EmailShareBody = v.InferOutput<typeof EmailShareBody>;
