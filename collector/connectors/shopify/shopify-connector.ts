import * as v from 'valibot';
import type { Site } from '../../config/site-config.schema';
import type { Services } from '../../http/app-env';
import { ignored, type Connector, type ConnectorRequest, type Outcome, type Verdict, type VerifiedDelivery } from '../connector';
import {
  emailOrNull,
  isoDateOrNull,
  noteReference,
  originKeyOf,
  originKeyOfPlatformReference,
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
import { ShopifyOrderSchema, ShopifyRefundSchema, type ShopifyOrder, type ShopifyRefund } from './shopify-payloads.schema';

const SIGNATURE_HEADER = 'X-Shopify-Hmac-Sha256';

/**
 * Shopify's web hooks (https://shopify.dev/docs/apps/build/webhooks): orders/paid records the
 * order as a verified Purchase, refunds/create and orders/cancelled refund it. Every delivery is
 * signed with the app's client secret (X-Shopify-Hmac-Sha256, base64 HMAC-SHA256 of the raw
 * body) and carries a unique X-Shopify-Webhook-Id, which Shopify keeps on its retries.
 */
export const shopifyConnector: Connector = {
  platform: 'shopify',

  verify(site: Site, request: ConnectorRequest): Verdict {
    const secret = site.connectors.shopify!.webhook_secret;
    if (!base64HmacMatches(secret, request.body, request.header(SIGNATURE_HEADER))) {
      return { kind: 'unverified', header: SIGNATURE_HEADER, detail: 'is missing or does not match the body signed with the app secret' };
    }
    const deliveryId = request.header('X-Shopify-Webhook-Id') ?? request.header('X-Shopify-Event-Id');
    if (!deliveryId) return { kind: 'unverified', header: 'X-Shopify-Webhook-Id', detail: 'is missing' };
    return { kind: 'verified', delivery: { deliveryId, topic: request.header('X-Shopify-Topic') ?? '', payload: parseJson(request.body) } };
  },

  async handle(services: Services, site: Site, delivery: VerifiedDelivery): Promise<Outcome> {
    switch (delivery.topic) {
      case 'orders/paid': {
        const order = v.safeParse(ShopifyOrderSchema, delivery.payload);
        return order.success ? recordPaidOrder(services, site, order.output) : malformed(order.issues);
      }
      case 'orders/cancelled': {
        const order = v.safeParse(ShopifyOrderSchema, delivery.payload);
        if (!order.success) return malformed(order.issues);
        return refundConnectorOrigin(services, site, originKeyOf(purchaseOf(order.output)), {
          amount: null,
          reason: 'cancellation',
          refunded_at: isoDateOrNull(order.output.cancelled_at),
        });
      }
      case 'refunds/create': {
        const refund = v.safeParse(ShopifyRefundSchema, delivery.payload);
        return refund.success ? recordOrderRefund(services, site, refund.output) : malformed(refund.issues);
      }
      default:
        return ignored(`topic_unused: Vouch does not use ${delivery.topic || 'a delivery without X-Shopify-Topic'}`);
    }
  },
};

/** The order as Vouch's Purchase: its order number, and the first discount code typed at checkout. */
function purchaseOf(order: ShopifyOrder): ConnectorOrigin {
  return { type: 'Purchase', order_number: String(order.order_number), order_number_is_numeric: true, coupon_code: order.discount_codes?.[0]?.code.trim() || null };
}

async function recordPaidOrder(services: Services, site: Site, order: ShopifyOrder): Promise<Outcome> {
  const purchase = purchaseOf(order);
  const shipping = order.shipping_address;
  const uuidAttribute = order.note_attributes?.find((attribute) => attribute.name === site.visitor_uuid_param)?.value;
  const outcome = await recordConnectorOrigin(services, site, purchase, {
    customer: {
      email: emailOrNull(order.email) ?? emailOrNull(order.contact_email) ?? emailOrNull(order.customer?.email),
      customer_id: order.customer ? String(order.customer.id) : null,
      first_name: order.customer?.first_name?.trim() || null,
      last_name: order.customer?.last_name?.trim() || null,
    },
    subtotal: order.subtotal_price,
    order_date: isoDateOrNull(order.processed_at) ?? isoDateOrNull(order.created_at),
    visitor_uuid: visitorUuidOrNull(uuidAttribute) ?? visitorUuidOfUrl(order.landing_site, site.visitor_uuid_param),
    ip_address: order.browser_ip?.trim() || null,
    shipping_address: shippingAddressLine(shipping && { line1: shipping.address1, line2: shipping.address2, city: shipping.city, region: shipping.province_code, country: shipping.country_code }),
    shipping_zip: postcodeOrNull(shipping?.zip),
  });
  // refunds/create names the order by its id only. (A crash before this leaves the delivery unremembered: Shopify's retry notes it.)
  if (outcome.outcome === 'recorded') await noteReference(services, site, 'shopify', `order:${order.id}`, purchase);
  return outcome;
}

/** A refund's amount: its line items' subtotals, else (a refund by amount) the successful refund transactions. */
async function recordOrderRefund(services: Services, site: Site, refund: ShopifyRefund): Promise<Outcome> {
  const originKey = await originKeyOfPlatformReference(services, site, 'shopify', `order:${refund.order_id}`);
  if (!originKey) return ignored(`origin_unknown: order id ${refund.order_id} was never recorded as paid`);
  const items = (refund.refund_line_items ?? []).reduce((sum, item) => sum + (item.subtotal ?? 0), 0);
  const money = (refund.transactions ?? []).filter((t) => t.kind === 'refund' && t.status === 'success').reduce((sum, t) => sum + (t.amount ?? 0), 0);
  const amount = items > 0 ? items : money;
  if (amount <= 0) return ignored('refund_empty: the refund returns no items and no money');
  return refundConnectorOrigin(services, site, originKey, { amount, reason: 'refund', refunded_at: isoDateOrNull(refund.processed_at) ?? isoDateOrNull(refund.created_at) });
}
