import type { Site } from '../config/site-config.schema';
import { isEmailAddress, normalizeEmail } from '../contract/email-recipients';
import { UUID_PATTERN } from '../contract/visitor-uuid';
import { recordOrigin, type OriginInput } from '../domain/record-origin';
import { MERCHANT_AUTHORITY } from '../domain/record-person';
import { recordRefund } from '../domain/record-refund';
import type { Services } from '../http/app-env';
import { originKeyOfReference, recordConnectorReference } from '../store/connector-delivery.repository';
import { findOriginByKey } from '../store/origin.repository';
import type { RefundReason } from '../store/tables';
import { ignored, type ConnectorPlatform, type Outcome } from './connector';

/** The customer of a platform's order, invoice or checkout, as the connectors map it. */
export interface ConnectorCustomer {
  email: string | null;
  customer_id: string | null;
  first_name: string | null;
  last_name: string | null;
}

/** A paid order or subscription payment in Vouch's terms, mapped from a platform's payload. */
export type ConnectorOrigin =
  | { type: 'Purchase'; order_number: string; order_number_is_numeric: boolean; coupon_code: string | null }
  | { type: 'Event'; event_category: string; event_number: string };

/** What every connector origin carries besides its kind. */
export interface ConnectorOriginFields {
  customer: ConnectorCustomer;
  /** After discounts, before shipping and tax, in the order's currency (never converted). */
  subtotal: number;
  order_date: string | null;
  visitor_uuid: string | null;
  ip_address: string | null;
  /** Where the order ships, as one line (shippingAddressLine) and the postcode: kept only as keyed hashes, like the API's shipping_address and shipping_zip. */
  shipping_address: string | null;
  shipping_zip: string | null;
}

/** A shipping address in the parts every platform gives (null or blank where it has none). */
export interface ShippingAddressParts {
  line1: string | null | undefined;
  line2: string | null | undefined;
  city: string | null | undefined;
  /** The state, province or region, as the platform writes it (all three write the code: "CA"). */
  region: string | null | undefined;
  /** ISO 3166-1 alpha-2 ("US"). */
  country: string | null | undefined;
}

/**
 * A platform's shipping address as the one line the origins API takes as `shipping_address`:
 * the street lines, city, region and country, in that order, joined by ", "; null when all are
 * blank (nothing to ship). Every connector builds it alike, so an advocate's Shopify order and a
 * friend's WooCommerce one compare as one address. Names, company and phone are left out (a
 * household shares the address, not the name); the postcode goes to `shipping_zip`. The domain
 * normalises and hashes it exactly as it does the API's (stored-fingerprints.ts).
 */
export function shippingAddressLine(parts: ShippingAddressParts | null | undefined): string | null {
  if (!parts) return null;
  const line = [parts.line1, parts.line2, parts.city, parts.region, parts.country].map((part) => part?.trim() ?? '').filter((part) => part !== '').join(', ');
  return line || null;
}

/** A postcode as the platform wrote it, trimmed; null when blank. */
export function postcodeOrNull(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/** Talkable's origin_slug of a mapped origin: the order number, or "category:number" for an Event. */
export function originSlugOf(origin: ConnectorOrigin): string {
  return origin.type === 'Purchase' ? origin.order_number : `${origin.event_category}:${origin.event_number}`;
}

/** The idempotency key the domain stores the origin under (see record-origin.ts). */
export function originKeyOf(origin: ConnectorOrigin): string {
  return `${origin.type}:${originSlugOf(origin)}`;
}

/**
 * Records a platform's paid order or payment through the same domain operation as
 * POST /api/v2/origins with the secret key: a delivery the platform signed with the site's
 * secret is the merchant's server speaking, so the origin is verified and the customer's fields
 * are the merchant's word. The same order again is the same origin (idempotent by order number).
 * An order with neither an email nor a customer id names nobody: it is ignored.
 */
export async function recordConnectorOrigin(services: Services, site: Site, origin: ConnectorOrigin, fields: ConnectorOriginFields): Promise<Outcome> {
  const { customer } = fields;
  if (!customer.email && !customer.customer_id) return ignored('no_customer: the order has neither an email nor a customer id');
  const input: OriginInput = {
    type: origin.type,
    person: { ...customer, custom_properties: null },
    order_number: origin.type === 'Purchase' ? origin.order_number : null,
    order_number_is_numeric: origin.type === 'Purchase' && origin.order_number_is_numeric,
    event_category: origin.type === 'Event' ? origin.event_category : null,
    event_number: origin.type === 'Event' ? origin.event_number : null,
    subtotal: fields.subtotal,
    order_date: fields.order_date ?? services.clock().toISOString(),
    coupon_code: origin.type === 'Purchase' ? origin.coupon_code : null,
    items: null,
    campaign_tags: null,
    traffic_source: null,
    ip_address: fields.ip_address,
    visitor_uuid: fields.visitor_uuid,
    device_id: null,
    shipping_address: fields.shipping_address,
    shipping_zip: fields.shipping_zip,
    verified: true,
    authority: MERCHANT_AUTHORITY,
  };
  const recorded = await recordOrigin(services.db, site, input, services.clock());
  for (const problem of recorded.problems) services.logger.warn(problem, { site: site.site_slug });
  services.wakeOutbox();
  return { outcome: 'recorded', origin_slug: originSlugOf(origin) };
}

/** A refund a platform reported: of the whole origin (amount null) or part of it, in the order's currency. */
export interface ConnectorRefund {
  amount: number | null;
  reason: RefundReason;
  refunded_at: string | null;
}

/**
 * Refunds the origin stored under `originKey` through the domain's refund (the same as
 * POST /api/v2/origins/<slug>/refund): the friend's undecided referral is voided, an approved
 * reward reversed. An amount at or above the subtotal is the whole origin. An origin Vouch never
 * recorded (an order from before the connector, or one it ignored) is ignored, not an error.
 * A second refund of the same origin changes nothing (the domain keeps the first).
 */
export async function refundConnectorOrigin(services: Services, site: Site, originKey: string, refund: ConnectorRefund): Promise<Outcome> {
  const origin = await findOriginByKey(services.db, site.id, originKey);
  const slug = originKey.slice(originKey.indexOf(':') + 1);
  if (!origin) return ignored(`origin_unknown: no origin ${slug} was recorded`);
  const whole = refund.amount === null || refund.amount >= (origin.subtotal ?? 0);
  const recorded = await recordRefund(
    services.db,
    site,
    origin.id,
    { refundedAt: refund.refunded_at, refundedAmount: whole ? null : refund.amount, reason: refund.reason },
    services.clock(),
  );
  if (recorded.webhookIds.length > 0) services.wakeOutbox();
  if (!recorded.changed) return ignored(`already_refunded: origin ${slug} was refunded before`);
  return { outcome: 'refunded', origin_slug: slug };
}

/** Remembers that a platform's own id (an order id, a payment intent) stands for an origin. */
export async function noteReference(services: Services, site: Site, platform: ConnectorPlatform, reference: string, origin: ConnectorOrigin): Promise<void> {
  await recordConnectorReference(services.db, site.id, platform, reference, originKeyOf(origin), services.clock().toISOString());
}

/** The origin key a platform's own id was noted for, if any. */
export function originKeyOfPlatformReference(services: Services, site: Site, platform: ConnectorPlatform, reference: string): Promise<string | undefined> {
  return originKeyOfReference(services.db, site.id, platform, reference);
}

/** A well-formed visitor uuid, lower-cased; null for anything else (a merchant's field may hold anything). */
export function visitorUuidOrNull(value: unknown): string | null {
  return typeof value === 'string' && UUID_PATTERN.test(value.trim()) ? value.trim().toLowerCase() : null;
}

/** The visitor uuid a landing URL's query names (the claim redirect's `?vouch_uuid=`), relative or absolute. */
export function visitorUuidOfUrl(url: string | null | undefined, param: string): string | null {
  if (!url) return null;
  try {
    return visitorUuidOrNull(new URL(url, 'https://landing.invalid').searchParams.get(param));
  } catch {
    return null;
  }
}

/** An email as the origins API stores it: trimmed and lower-cased; null when blank or not an address. */
export function emailOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const email = normalizeEmail(value);
  return isEmailAddress(email) ? email : null;
}

/** A platform's timestamp as an ISO date-time; null when absent or unreadable. */
export function isoDateOrNull(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const time = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

