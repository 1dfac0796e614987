/**
 * The one site every bench collector serves, and what both sides of each pair answer with.
 * The slug matches the merchant snippet the host-page measurement uses.
 */
export const BENCH_SITE = {
  site_slug: 'test-shop',
  name: 'Bench Shop',
  api_key: 'sk_bench_0123456789abcdef',
  allowed_hosts: ['shop.example', '127.0.0.1', 'localhost'],
  destination_url: 'https://shop.example/welcome',
  // Straight 302 to the shop: the claim page would measure HTML rendering instead of the redirect.
  show_claim_page: false,
} as const;
