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

describe("a campaign's own experiment and tiers in the site configuration", () => {
  const campaign = (id: string, keys: Record<string, unknown> = {}) => ({ id, slug: `${id}-slug`, tags: [id], placement: 'post-purchase', ...keys });
  const withCampaigns = (...campaigns: unknown[]) => ({ sites: [{ ...site, campaigns }] });
  const double = { id: 'double', weight: 1, advocate_reward: { amount: 20, incentive: 'rebate', incentive_description: '$20 back' } };

  it('accepts variants and tiers on a campaign, and leaves them unset (the site\'s) on one that lists none', () => {
    const tiered = { amount: 10, incentive: 'rebate', incentive_description: '$10 back', tier_period: 'calendar_month', tiers: [{ from: 5, amount: 25, incentive_description: '$25 back' }] };
    const [first, second] = parseSiteConfig(withCampaigns(campaign('spring', { variants: [control, double], advocate_reward: tiered }), campaign('plain')), {}).file.sites[0]!.campaigns!;
    expect(first).toMatchObject({ variants: [control, double], advocate_reward: { tiers: [{ from: 5 }], tier_period: 'calendar_month' } });
    expect(second!.variants).toBeUndefined();
  });

  const broken: [string, string, unknown[]][] = [
    ['a weight of 0 in the second campaign', 'sites.0.campaigns.1.variants.0.weight', [campaign('spring'), campaign('holiday', { variants: [{ id: 'a', weight: 0 }, control] })]],
    ['a lone variant', 'sites.0.campaigns.0.variants', [campaign('spring', { variants: [control] })]],
    ['ids used twice', 'sites.0.campaigns.0.variants', [campaign('spring', { variants: [control, { ...control }] })]],
    ['a friend percent in a variant', 'sites.0.campaigns.0.variants', [campaign('spring', { variants: [control, { id: 'b', weight: 1, friend_reward: { percent: 10, incentive: 'rebate', incentive_description: '10% back' } }] })]],
    [
      "an advocate percent in a variant of a campaign closed by an Event",
      'sites.0.campaigns.1.variants',
      [campaign('spring'), campaign('billing', { referral_closed_by: { origin: 'Event', event_category: 'billing' }, variants: [control, { id: 'b', weight: 1, advocate_reward: { percent: 10, incentive: 'rebate', incentive_description: '10% back' } }] })],
    ],
    ["tiers on a campaign's friend reward", 'sites.0.campaigns.0.friend_reward.tiers', [campaign('spring', { friend_reward: { amount: 5, incentive: 'rebate', incentive_description: '$5', tiers: [{ from: 2, amount: 6, incentive_description: '$6' }] } })]],
    ["a tier_period without tiers on a campaign's advocate reward", 'sites.0.campaigns.0.advocate_reward.tier_period', [campaign('spring', { advocate_reward: { amount: 5, incentive: 'rebate', incentive_description: '$5', tier_period: 'calendar_year' } })]],
  ];
  for (const [what, field, campaigns] of broken) {
    it(`refuses ${what}, naming ${field}`, () => {
      expect(() => parseSiteConfig(withCampaigns(...campaigns), {})).toThrow(ConfigError);
      expect(() => parseSiteConfig(withCampaigns(...campaigns), {})).toThrow(new RegExp(`: ${field.replace(/\./g, '\\.')}: `));
    });
  }
});
