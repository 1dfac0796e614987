import * as v from 'valibot';
import { SharingChannels } from './offer.schema';
import { ApiKey, DeviceId, Email, IsoDateTime, Money, NoControlCharacters, ShortText, SiteSlug, StringOrNumberId } from './common.schema';

const MAX_ITEMS = 500;

const Item = v.object({
  price: Money,
  quantity: v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(1), v.maxValue(1_000_000)),
  product_id: v.pipe(v.union([v.string(), v.number()]), v.transform(String), v.string(), v.minLength(1), v.maxLength(100)),
  title: v.optional(ShortText),
  url: v.optional(v.pipe(v.string(), v.maxLength(2000))),
  image_url: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});

/** A person's custom properties: at most 50, short keys, text, number, boolean or null values. */
export const PersonCustomProperties = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(100)), v.nullable(v.union([v.pipe(v.string(), v.maxLength(1000)), v.number(), v.boolean()]))),
  v.check((value) => Object.keys(value).length <= 50, 'must have at most 50 properties'),
);

const CampaignTags = v.union([
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(20)),
  v.pipe(v.string(), v.maxLength(1000)),
]);

/** Fields every origin type takes (Talkable's common fields). */
const commonData = {
  customer_id: v.optional(StringOrNumberId),
  first_name: v.optional(ShortText),
  last_name: v.optional(ShortText),
  person_custom_properties: v.optional(PersonCustomProperties),
  uuid: v.optional(v.pipe(v.string(), v.trim(), v.uuid('must be a visitor uuid'))),
  ip_address: v.optional(v.union([v.literal('current'), v.pipe(v.string(), v.ip('must be an IP address or "current"'))])),
  campaign_tags: v.optional(CampaignTags),
  /** Talkable's traffic_source: which point of integration reported it ("post-checkout", "app"). */
  traffic_source: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100), NoControlCharacters)),
  /** Talkable's sharing_channels: the channels to answer claim_links for (custom ones included). */
  sharing_channels: v.optional(SharingChannels),
  /** The first-party device id the widget keeps beside the visitor uuid (or the shop's server read from its vouch_device cookie). */
  device_id: v.optional(DeviceId),
};

const CouponCode = v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100), NoControlCharacters));

export const PurchaseData = v.object({
  ...commonData,
  email: Email,
  subtotal: Money,
  order_number: StringOrNumberId,
  order_date: v.optional(IsoDateTime),
  items: v.optional(v.pipe(v.array(Item), v.maxLength(MAX_ITEMS))),
  coupon_code: CouponCode,
  /** Talkable's shipping_address and shipping_zip: kept only as keyed hashes, for the same-shipping-address signals. */
  shipping_address: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500), NoControlCharacters)),
  shipping_zip: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(20), NoControlCharacters)),
  /** HMAC-SHA256 by the merchant's server, so a purchase reported by the browser can be trusted: `v2=<hex>`, or version 1's bare hex. */
  signature: v.optional(v.pipe(v.string(), v.regex(/^(v2=)?[0-9a-fA-F]{64}$/, 'must be "v2=" and 64 hex characters'))),
});

export const AffiliateMemberData = v.object({
  ...commonData,
  email: Email,
});

export const EventData = v.pipe(
  v.object({
    ...commonData,
    email: v.optional(Email),
    event_category: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100)),
    event_number: StringOrNumberId,
    subtotal: v.optional(Money),
    coupon_code: CouponCode,
  }),
  v.forward(
    v.check((data) => data.email !== undefined || data.customer_id !== undefined, 'is required (or customer_id)'),
    ['email'],
  ),
);

const envelope = { site_slug: SiteSlug, api_key: v.optional(ApiKey) };

/** POST /api/v2/origins */
export const CreateOriginBody = v.variant('type', [
  v.object({ ...envelope, type: v.literal('Purchase'), data: PurchaseData }),
  v.object({ ...envelope, type: v.literal('AffiliateMember'), data: AffiliateMemberData }),
  v.object({ ...envelope, type: v.literal('Event'), data: EventData }),
]);

export type CreateOriginBody = v.InferOutput<typeof CreateOriginBody>;
