import { describe, expect, it } from 'vitest';
import { ConfigError, parseSiteConfig } from '../../collector/config/load-site-config';

const site = {
  site_slug: 'my-store',
  api_key: 'sk_live_0123456789abcdef',
  allowed_hosts: ['shop.example'],
  destination_url: 'https://shop.example/welcome',
};
const withVariants = (variants: unknown) => ({ sites: [{ ...site, variants }] });
const control = { id: 'control', weight: 1 };

describe('experiment variants in the site configuration', () => {
  it('accepts variants with copy, rewards and share channels, and none by default', () => {
    const variants = [control, { id: 'double', weight: 2, strings: { headline: 'Give {friend}, get {advocate}' }, share_channels: ['whatsapp', 'email'], advocate_reward: { amount: 20, incentive: 'rebate', incentive_description: '$20 back' } }];
    expect(parseSiteConfig(withVariants(variants), {}).file.sites[0]!.variants).toMatchObject(variants);
    expect(parseSiteConfig({ sites: [site] }, {}).file.sites[0]!.variants).toEqual([]);
  });

  const broken: [string, string, unknown][] = [
    ['ids used twice', 'sites.0.variants', [control, { ...control }]],
    ['a weight of 0', 'sites.0.variants.1.weight', [control, { id: 'b', weight: 0 }]],
    ['a lone variant (nothing to compare)', 'sites.0.variants', [control]],
    ['more than ten variants', 'sites.0.variants', Array.from({ length: 11 }, (_, index) => ({ id: `v${index}`, weight: 1 }))],
    ['a channel named twice', 'sites.0.variants.1.share_channels', [control, { id: 'b', weight: 1, share_channels: ['sms', 'sms'] }]],
    ['an unknown channel', 'sites.0.variants.1.share_channels.0', [control, { id: 'b', weight: 1, share_channels: ['fax'] }]],
    ['a reward from a coupon pool', 'sites.0.variants', [control, { id: 'b', weight: 1, friend_reward: { amount: 5, incentive: 'discount_coupon', incentive_description: '$5 off', coupon_source: 'pool' } }]],
    ['a percent friend reward', 'sites.0.variants', [control, { id: 'b', weight: 1, friend_reward: { percent: 10, incentive: 'rebate', incentive_description: '10% back' } }]],
    ['a two-line string', 'sites.0.variants.1.strings.headline', [control, { id: 'b', weight: 1, strings: { headline: 'one\ntwo' } }]],
  ];
  for (const [what, field, variants] of broken) {
    it(`refuses ${what}, naming ${field}`, () => {
      expect(() => parseSiteConfig(withVariants(variants), {})).toThrow(ConfigError);
      expect(() => parseSiteConfig(withVariants(variants), {})).toThrow(new RegExp(`: ${field.replace(/\./g, '\\.')}: `));
    });
  }
});
