import { describe, expect, it } from 'vitest';
import { ConfigError, parseSiteConfig } from '../config/load-site-config';
import { configuredSites } from '../config/site-directory';
import { offerCampaignSettings } from '../config/site-campaigns';
import { selectCampaign } from './campaign-selection';

const BASE = {
  site_slug: 'shop',
  api_key: 'sk_test_0123456789abcdef',
  allowed_hosts: ['shop.example'],
  destination_url: 'https://shop.example/',
};

const reward = (amount: number) => ({ amount, incentive: 'rebate', incentive_description: `$${amount} back` });

function siteWith(campaigns?: unknown[]) {
  const site = configuredSites({ ...parseSiteConfig({ sites: [{ ...BASE, ...(campaigns ? { campaigns } : {}) }] }, {}), isDemo: false })[0]!;
  site.id = 'site-uuid';
  return site;
}

const HOLIDAY = { id: 'holiday', slug: 'holiday-double', tags: ['holiday'], placement: 'post-purchase', starts_at: '2026-12-01T00:00:00Z', ends_at: '2027-01-01T00:00:00Z', advocate_reward: reward(20) };
const INVITE = { id: 'invite', slug: 'invite-page', tags: ['invite', 'default'], placement: 'standalone', advocate_reward: reward(5) };
const DECEMBER = new Date('2026-12-10T12:00:00Z');

describe('which campaign an origin gets', () => {
  const site = siteWith([HOLIDAY, INVITE]);

  it('is the campaign that has one of its tags, of its placement, running now', () => {
    expect(selectCampaign(site, { tags: ['holiday'], placements: ['post-purchase'], now: DECEMBER }).id).toBe('holiday');
    expect(selectCampaign(site, { tags: ['invite'], placements: ['standalone', 'floating', 'email'], now: DECEMBER }).id).toBe('invite');
  });

  it('asks for "default" when the origin names no tags', () => {
    expect(selectCampaign(site, { tags: null, placements: ['standalone'], now: DECEMBER }).id).toBe('invite');
    expect(selectCampaign(site, { tags: [], placements: ['standalone'], now: DECEMBER }).id).toBe('invite');
  });

  it('is not a campaign of another placement', () => {
    const chosen = selectCampaign(site, { tags: ['invite'], placements: ['post-purchase'], now: DECEMBER });
    expect(chosen).toMatchObject({ id: 'site-uuid', slug: 'shop', isDefault: true });
  });

  it('is not a campaign before its starts_at or from its ends_at', () => {
    const request = { tags: ['holiday'], placements: ['post-purchase'] as const };
    expect(selectCampaign(site, { ...request, now: new Date('2026-11-30T23:59:59Z') }).isDefault).toBe(true);
    expect(selectCampaign(site, { ...request, now: new Date('2026-12-01T00:00:00Z') }).id).toBe('holiday');
    expect(selectCampaign(site, { ...request, now: new Date('2027-01-01T00:00:00Z') }).isDefault).toBe(true);
  });

  it('is the first listed when two campaigns match', () => {
    const twice = siteWith([INVITE, { ...INVITE, id: 'invite-2', slug: 'invite-2' }]);
    expect(selectCampaign(twice, { tags: ['invite'], placements: ['standalone'], now: DECEMBER }).id).toBe('invite');
  });

  it("is the site's default campaign on a site configured without campaigns", () => {
    const plain = siteWith();
    expect(selectCampaign(plain, { tags: ['holiday'], placements: ['post-purchase'], now: DECEMBER })).toMatchObject({ id: 'site-uuid', slug: 'shop', tags: ['default'], isDefault: true });
  });
});

describe("an offer's campaign settings", () => {
  const site = siteWith([HOLIDAY]);

  it("are the campaign's where it sets them and the site's where it does not", () => {
    const settings = offerCampaignSettings(site, { campaign_id: 'holiday' });
    expect(settings.advocate_reward).toMatchObject({ amount: 20 });
    expect(settings.friend_reward).toEqual(site.friend_reward);
    expect(settings.approval).toEqual(site.approval);
  });

  it("are the site's own for an offer of the default campaign, or of a campaign no longer configured", () => {
    expect(offerCampaignSettings(site, { campaign_id: null })).toBe(site);
    expect(offerCampaignSettings(site, { campaign_id: 'gone' })).toBe(site);
  });
});

describe('campaigns in the configuration', () => {
  const refusal = (campaigns: unknown[]) => {
    try {
      siteWith(campaigns);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    return 'accepted';
  };

  it('are refused with the field named', () => {
    expect(refusal([INVITE, { ...INVITE, slug: 'other' }])).toBe('invalid site configuration: sites.0.campaigns: id values must be unique');
    expect(refusal([INVITE, { ...INVITE, id: 'other' }])).toBe('invalid site configuration: sites.0.campaigns: slug values must be unique');
    expect(refusal([{ ...INVITE, slug: 'shop' }])).toMatch(/^invalid site configuration: sites\.0\.campaigns: slug values must differ from the site_slug/);
    expect(refusal([{ ...HOLIDAY, ends_at: HOLIDAY.starts_at }])).toBe('invalid site configuration: sites.0.campaigns.0.ends_at: must be after starts_at');
    expect(refusal([{ ...INVITE, tags: [] }])).toBe('invalid site configuration: sites.0.campaigns.0.tags: must name at least one tag');
    expect(refusal([{ ...INVITE, tags: ['invite', ' '] }])).toBe('invalid site configuration: sites.0.campaigns.0.tags.1: must not be empty');
    expect(refusal([{ ...INVITE, placement: 'sidebar' }])).toMatch(/^invalid site configuration: sites\.0\.campaigns\.0\.placement: must be one of "post-purchase"/);
    expect(refusal([{ ...INVITE, starts_at: 'soon' }])).toMatch(/^invalid site configuration: sites\.0\.campaigns\.0\.starts_at: must be an ISO 8601 timestamp/);
  });
});
