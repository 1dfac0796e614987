import * as v from 'valibot';

/**
 * The shop connectors a site may configure (`connectors: {shopify: {...}, woocommerce: {...},
 * stripe: {...}}`): where the platform's web hooks are verified and where the platform's admin API
 * creates coupon codes. Secrets are named by environment variable, as api_key_env is; the file never
 * holds them. Each connector's `*_url` override points its admin API elsewhere (a staging shop, or
 * a local stand-in in tests); without it the platform's own address is used.
 */

const EnvName = v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'));
const HttpUrl = v.pipe(v.string(), v.url('must be an absolute http(s) URL'), v.regex(/^https?:\/\//i, 'must be an http(s) URL'));

export const ShopifyConnectorSchema = v.object({
  /** The shop's permanent domain, e.g. fern-and-field.myshopify.com. */
  shop_domain: v.pipe(v.string(), v.toLowerCase(), v.regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/, 'must be a host name such as my-shop.myshopify.com')),
  /** Holds the app's client secret, which signs X-Shopify-Hmac-Sha256. */
  webhook_secret_env: EnvName,
  /** Holds an Admin API access token with write_discounts; without it Vouch creates no codes in the shop. */
  admin_token_env: v.optional(EnvName),
  /** The Admin API version in the GraphQL path. */
  api_version: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}$/, 'must be a version such as 2025-10')), '2025-10'),
  /** The Admin API's base URL; https://<shop_domain> unless set. */
  admin_url: v.optional(HttpUrl),
});

export const WooCommerceConnectorSchema = v.object({
  /** The store's base URL; the REST API is under <store_url>/wp-json/wc/v3. */
  store_url: HttpUrl,
  /** Holds the web hook's secret, which signs X-WC-Webhook-Signature. */
  webhook_secret_env: EnvName,
  /** Hold a REST API key pair with write access; without them Vouch creates no codes in the shop. */
  consumer_key_env: v.optional(EnvName),
  consumer_secret_env: v.optional(EnvName),
});

export const StripeConnectorSchema = v.object({
  /** Holds the endpoint's signing secret (whsec_...), which signs Stripe-Signature. */
  webhook_secret_env: EnvName,
  /** Holds a secret or restricted API key; without it Vouch creates no promotion codes. */
  api_key_env: v.optional(EnvName),
  /** The API's base URL; https://api.stripe.com unless set. */
  api_url: v.optional(HttpUrl),
  /** The currency of the fixed-amount coupons Vouch creates (Stripe's amount_off needs one); the site's currency (usd) unless set. */
  currency: v.optional(v.pipe(v.string(), v.toLowerCase(), v.regex(/^[a-z]{3}$/, 'must be a three-letter currency code such as usd'))),
});

export const ConnectorsSchema = v.object({
  shopify: v.optional(ShopifyConnectorSchema),
  woocommerce: v.optional(WooCommerceConnectorSchema),
  stripe: v.optional(StripeConnectorSchema),
});

export type ConnectorsEntry = v.InferOutput<typeof ConnectorsSchema>;

/** A site's connectors with their secrets resolved from the environment. Holds secrets: never log or answer it unmasked. */
export interface Connectors {
  shopify?: { shop_domain: string; webhook_secret: string; admin_token: string | null; api_version: string; admin_url: string };
  woocommerce?: { store_url: string; webhook_secret: string; consumer_key: string | null; consumer_secret: string | null };
  stripe?: { webhook_secret: string; api_key: string | null; api_url: string; currency: string };
}
