import type { Connectors } from './connectors.schema';

/** The platforms that can create codes, in the order a configuration lists them. */
const PLATFORMS = ['shopify', 'woocommerce', 'stripe'] as const;

/**
 * The connectors of a site that hold admin credentials (Shopify's admin_token, WooCommerce's
 * consumer key and secret, Stripe's api_key): the platforms that could create its codes.
 */
export function platformsWithAdminCredentials(connectors: Connectors): (typeof PLATFORMS)[number][] {
  return PLATFORMS.filter((platform) => {
    if (platform === 'shopify') return Boolean(connectors.shopify?.admin_token);
    if (platform === 'woocommerce') return Boolean(connectors.woocommerce?.consumer_key && connectors.woocommerce.consumer_secret);
    return Boolean(connectors.stripe?.api_key);
  });
}

/**
 * The one platform that creates the site's generated codes, or null when no connector has admin
 * credentials (the site then behaves as without connectors). The configuration is refused at
 * start when several have them (see load-site-config.ts): one checkout takes the codes, so they
 * are made in one place.
 */
export function shopCouponPlatform(connectors: Connectors): (typeof PLATFORMS)[number] | null {
  return platformsWithAdminCredentials(connectors)[0] ?? null;
}
