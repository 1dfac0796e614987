import * as v from 'valibot';
import type { Site } from '../../config/site-config.schema';
import type { Services } from '../../http/app-env';
import { ignored, type Connector, type ConnectorRequest, type Outcome, type Verdict, type VerifiedDelivery } from '../connector';
import {
  emailOrNull,
  isoDateOrNull,
  originKeyOf,
  postcodeOrNull,
  recordConnectorOrigin,
  refundConnectorOrigin,
  shippingAddressLine,
  visitorUuidOfUrl,
  visitorUuidOrNull,
  type ConnectorOrigin,
} from '../connector-origin';
import { base64HmacMatches } from '../hmac-signature';
import { parseJson } from '../platform-json';
import { malformed } from '../malformed-payload';
import { WooCommerceOrderSchema, type WooCommerceOrder } from './woocommerce-payloads.schema';

const SIGNATURE_HEADER = 'X-WC-Webhook-Signature';

/** Statuses of an order that has been paid (https://woocommerce.com/document/managing-orders/order-statuses/). */
const PAID_STATUSES = ['processing', 'completed'];

/** WooCommerce's order attribution (8.5+) keeps the page the session landed on here. */
const ATTRIBUTION_ENTRY_KEY = '_wc_order_attribution_session_entry';

/** A new web hook's first call: `webhook_id=N`, form-encoded and unsigned. */
const PING_BODY = /^webhook_id=\d+$/;

/**
 * WooCommerce's order web hooks (https://woocommerce.com/document/webhooks/): order.created and
 * order.updated carry the whole order, so its status says what happened — processing or
 * completed records a verified Purchase (again and again as the order changes: the same order
 * number is the same origin), refunded or cancelled refunds it, a partial refund on a paid order
 * refunds that amount. Signed with the web hook's secret (X-WC-Webhook-Signature, base64
 * HMAC-SHA256 of the raw body); each delivery has its X-WC-Webhook-Delivery-ID.
 */
export const wooCommerceConnector: Connector = {
  platform: 'woocommerce',

  verify(site: Site, request: ConnectorRequest): Verdict {
    const signature = request.header(SIGNATURE_HEADER);
    if (!signature && PING_BODY.test(new TextDecoder().decode(request.body).trim())) return { kind: 'ping' };
    if (!base64HmacMatches(site.connectors.woocommerce!.webhook_secret, request.body, signature)) {
      return { kind: 'unverified', header: SIGNATURE_HEADER, detail: 'is missing or does not match the body signed with the web hook secret' };
    }
    const deliveryId = request.header('X-WC-Webhook-Delivery-ID');
    if (!deliveryId) return { kind: 'unverified', header: 'X-WC-Webhook-Delivery-ID', detail: 'is missing' };
    return { kind: 'verified', delivery: { deliveryId, topic: request.header('X-WC-Webhook-Topic') ?? '', payload: parseJson(request.body) } };
  },

  async handle(services: Services, site: Site, delivery: VerifiedDelivery): Promise<Outcome> {
    if (delivery.topic !== 'order.created' && delivery.topic !== 'order.updated') {
      return ignored(`topic_unused: Vouch does not use ${delivery.topic || 'a delivery without X-WC-Webhook-Topic'}`);
    }
    const parsed = v.safeParse(WooCommerceOrderSchema, delivery.payload);
    if (!parsed.success) return malformed(parsed.issues);
    const order = parsed.output;
    const purchase = purchaseOf(order);
    if (order.status === 'refunded' || order.status === 'cancelled') {
      return refundConnectorOrigin(services, site, originKeyOf(purchase), {
        amount: null,
        reason: order.status === 'cancelled' ? 'cancellation' : 'refund',
        refunded_at: isoDateOrNull(gmt(order.date_modified_gmt)),
      });
    }
    if (!PAID_STATUSES.includes(order.status)) return ignored(`status_unpaid: an order ${order.status} is not paid yet`);
    const recorded = await recordPaidOrder(services, site, order, purchase);
    const refunded = (order.refunds ?? []).reduce((sum, refund) => sum + Math.abs(Number(refund.total) || 0), 0);
    if (recorded.outcome !== 'recorded' || refunded <= 0) return recorded;
    const refund = await refundConnectorOrigin(services, site, originKeyOf(purchase), { amount: refunded, reason: 'refund', refunded_at: isoDateOrNull(gmt(order.date_modified_gmt)) });
    // Only the first refund of an origin counts (the domain keeps it): a later update's is the order, recorded.
    return refund.outcome === 'refunded' ? refund : recorded;
  },
};

function purchaseOf(order: WooCommerceOrder): ConnectorOrigin {
  return { type: 'Purchase', order_number: order.number, order_number_is_numeric: /^\d{1,15}$/.test(order.number), coupon_code: order.coupon_lines?.[0]?.code.trim() || null };
}

function recordPaidOrder(services: Services, site: Site, order: WooCommerceOrder, purchase: ConnectorOrigin): Promise<Outcome> {
  const meta = (key: string) => order.meta_data?.find((entry) => entry.key === key)?.value;
  const entryUrl = meta(ATTRIBUTION_ENTRY_KEY);
  const { shipping } = order;
  const subtotal = order.line_items.reduce((sum, item) => sum + item.total, 0);
  return recordConnectorOrigin(services, site, purchase, {
    customer: {
      email: emailOrNull(order.billing?.email),
      customer_id: order.customer_id ? String(order.customer_id) : null,
      first_name: order.billing?.first_name?.trim() || null,
      last_name: order.billing?.last_name?.trim() || null,
    },
    subtotal: Math.round(subtotal * 100) / 100,
    order_date: isoDateOrNull(gmt(order.date_paid_gmt)) ?? isoDateOrNull(gmt(order.date_created_gmt)),
    visitor_uuid: visitorUuidOrNull(meta(site.visitor_uuid_param)) ?? visitorUuidOfUrl(typeof entryUrl === 'string' ? entryUrl : null, site.visitor_uuid_param),
    ip_address: order.customer_ip_address?.trim() || null,
    shipping_address: shippingAddressLine(shipping && { line1: shipping.address_1, line2: shipping.address_2, city: shipping.city, region: shipping.state, country: shipping.country }),
    shipping_zip: postcodeOrNull(shipping?.postcode),
  });
}

/** WooCommerce's *_gmt dates carry no zone ("2026-04-27T10:00:00"): they are UTC. */
function gmt(date: string | null | undefined): string | null {
  return date ? (/(Z|[+-]\d{2}:?\d{2})$/.test(date) ? date : `${date}Z`) : null;
}
