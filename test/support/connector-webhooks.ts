import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { followClaimLink } from './claim-link';
import { purchase, type JsonResponse, type TestCollector } from './collector';

/**
 * Shopify, WooCommerce and Stripe cannot run here. What stands in for each is its documented
 * sample payload (test/collector/fixtures/connectors/, sources in its README), posted to the
 * collector the way the platform posts it: the same headers, and the body signed the way the
 * platform signs it (Shopify's and WooCommerce's base64 HMAC-SHA256 of the raw body; Stripe's
 * header made by the official SDK's generateTestHeaderString).
 */

const FIXTURES = join(import.meta.dirname, '../collector/fixtures/connectors');

/** A platform's documented sample payload, parsed (a fresh copy each call: tests change it). */
export function connectorFixture(platform: 'shopify' | 'woocommerce' | 'stripe', name: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, platform, `${name}.json`), 'utf8'));
}

/** base64 HMAC-SHA256 of the body with the secret, as Shopify and WooCommerce sign. */
export function base64Hmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

/**
 * JSON as the platforms write it, where an id may be an integer longer than a JavaScript number
 * holds exactly (Shopify's 18-digit ids): give those as BigInt.
 */
export function platformJson(payload: unknown): string {
  return JSON.stringify(payload, (_key, value) => (typeof value === 'bigint' ? `__bigint__${value}` : value)).replace(/"__bigint__(-?\d+)"/g, '$1');
}

/** POSTs raw bytes and answers status and parsed JSON body. */
async function postRaw(collector: TestCollector, path: string, body: string, headers: Record<string, string>): Promise<JsonResponse> {
  const response = await fetch(`${collector.url}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

let deliveryCount = 0;
/** A delivery id no other delivery of the test run has. */
export function newDeliveryId(prefix: string): string {
  deliveryCount += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${deliveryCount}`;
}

/** Posts a Shopify web hook as Shopify does (https://shopify.dev/docs/apps/build/webhooks/subscribe/https). */
export function postShopify(
  collector: TestCollector,
  topic: string,
  payload: unknown,
  options: { secret: string; webhookId?: string; body?: string; signature?: string },
): Promise<JsonResponse> {
  const body = options.body ?? platformJson(payload);
  return postRaw(collector, `/connect/shopify/${collector.siteSlug}`, body, {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': options.signature ?? base64Hmac(options.secret, body),
    'x-shopify-shop-domain': 'fern-and-field.myshopify.com',
    'x-shopify-api-version': '2025-10',
    'x-shopify-webhook-id': options.webhookId ?? newDeliveryId('shopify'),
    'x-shopify-triggered-at': new Date().toISOString(),
  });
}

/** Posts a WooCommerce web hook as WC_Webhook::deliver does (https://woocommerce.com/document/webhooks/). */
export function postWooCommerce(
  collector: TestCollector,
  topic: string,
  payload: unknown,
  options: { secret: string; deliveryId?: string; body?: string; signature?: string },
): Promise<JsonResponse> {
  const body = options.body ?? JSON.stringify(payload);
  const [resource, event] = topic.split('.');
  return postRaw(collector, `/connect/woocommerce/${collector.siteSlug}`, body, {
    'content-type': 'application/json',
    'user-agent': 'WooCommerce/9.4.0 Hookshot (WordPress/6.7)',
    'x-wc-webhook-source': 'https://shop.example/',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': resource ?? '',
    'x-wc-webhook-event': event ?? '',
    'x-wc-webhook-signature': options.signature ?? base64Hmac(options.secret, body),
    'x-wc-webhook-id': '12',
    'x-wc-webhook-delivery-id': options.deliveryId ?? newDeliveryId('woo'),
  });
}

/** WooCommerce's ping to a new web hook's address: form-encoded, unsigned. */
export function pingWooCommerce(collector: TestCollector): Promise<JsonResponse> {
  return postRaw(collector, `/connect/woocommerce/${collector.siteSlug}`, 'webhook_id=12', { 'content-type': 'application/x-www-form-urlencoded' });
}

/** A Stripe event around `object`, with a fresh event id unless given. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = newDeliveryId('evt')): Record<string, unknown> {
  return { id, object: 'event', api_version: '2026-10-28.endive', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

/** Posts a Stripe event signed by the official SDK's test header (https://github.com/stripe/stripe-node#testing-webhook-signing). */
export function postStripe(collector: TestCollector, event: unknown, options: { secret: string; signature?: string; timestamp?: number }): Promise<JsonResponse> {
  const body = JSON.stringify(event);
  const signature = options.signature ?? Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret, ...(options.timestamp ? { timestamp: options.timestamp } : {}) });
  return postRaw(collector, `/connect/stripe/${collector.siteSlug}`, body, { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', 'stripe-signature': signature });
}

/** An advocate's purchase through the API, and a friend following the advocate's claim link: the friend's visitor uuid. */
export async function advocateAndClaim(collector: TestCollector, advocateEmail: string): Promise<{ uuid: string; landingUrl: URL; offer: any }> {
  const advocate = await collector.post('/api/v2/origins', purchase(collector, { email: advocateEmail, order_number: `ADV-${advocateEmail}`, subtotal: 40 }));
  expect(advocate.status).toBe(201);
  const visit = await followClaimLink(advocate.body.result.offer.claim_url);
  return { uuid: visit.uuid, landingUrl: visit.landingUrl, offer: advocate.body.result.offer };
}

/** The referral the merchant's listing shows for a friend's origin, or undefined. */
export async function referralOfOrigin(collector: TestCollector, originSlug: string): Promise<any> {
  const response = await collector.get(`/api/v2/referrals?site_slug=${collector.siteSlug}&limit=100`, { authorization: `Bearer ${collector.apiKey}` });
  expect(response.status).toBe(200);
  return response.body.result.referrals.find((referral: any) => referral.origin_slug === originSlug);
}

/** How many rows a table holds: "nothing written" is no new origin, person, referral or remembered delivery. */
const COUNTED_TABLES = ['origins', 'people', 'referrals', 'connector_deliveries', 'connector_references'] as const;

export async function rowCounts(collector: TestCollector): Promise<Record<(typeof COUNTED_TABLES)[number], number>> {
  const db = collector.running.services.db;
  const counts = { origins: 0, people: 0, referrals: 0, connector_deliveries: 0, connector_references: 0 };
  for (const table of COUNTED_TABLES) {
    const row = await db.selectFrom(table).select(db.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** The stored origin of a site by its idempotency key ("Purchase:<order>"), as the store holds it. */
export function storedOrigin(collector: TestCollector, originKey: string) {
  return collector.running.services.db.selectFrom('origins').selectAll().where('idempotency_key', '=', originKey).executeTakeFirst();
}
