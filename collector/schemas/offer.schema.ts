import * as v from 'valibot';
import { CUSTOM_CHANNEL_PATTERN, RESERVED_SHARING_CHANNELS } from '../contract/share-channels';
import { ApiKey, OfferCode, SiteSlug } from './common.schema';

/** Most channels one request may name in sharing_channels. */
const MAX_SHARING_CHANNELS_PER_REQUEST = 10;

/**
 * Talkable's `sharing_channels`: the channels to answer a claim link for, built-in (facebook,
 * twitter…) or custom ones a merchant names, each a short lowercase slug; not Talkable's
 * reserved email, reminder, facebook_sponsored or coupon.
 */
export const SharingChannels = v.pipe(
  v.array(
    v.pipe(
      v.string('must be a channel name'),
      v.regex(CUSTOM_CHANNEL_PATTERN, 'must be a channel name: a lowercase letter, then up to 29 lowercase letters, digits, "-" or "_"'),
      v.check((channel) => !(RESERVED_SHARING_CHANNELS as readonly string[]).includes(channel), `must not be ${RESERVED_SHARING_CHANNELS.join(', ')}`),
    ),
    'must be a list of channel names',
  ),
  v.maxLength(MAX_SHARING_CHANNELS_PER_REQUEST, `must name at most ${MAX_SHARING_CHANNELS_PER_REQUEST} channels`),
);

/** GET /api/v2/offers/:id */
export const OfferParams = v.object({ id: OfferCode });

/** GET /api/v2/offers/:id — site_slug is optional for a browser: the offer names its site. */
export const OfferQuery = v.object({
  site_slug: v.optional(SiteSlug),
  api_key: v.optional(ApiKey),
  /** Repeatable (sharing_channels[]=facebook&sharing_channels[]=newsletter); the route reads every value with SharingChannels. */
  'sharing_channels[]': v.optional(v.string()),
});
