import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSiteConfig, parseSiteConfig } from '../../collector/config/load-site-config';

const site = {
  site_slug: 'my-store',
  api_key: 'sk_live_0123456789abcdef',
  allowed_hosts: ['shop.example'],
  destination_url: 'https://shop.example/welcome',
};

describe('site configuration', () => {
  it('accepts the documented minimal file and fills in defaults', () => {
    const { file, apiKeys } = parseSiteConfig({ sites: [site] }, {});
    expect(file.sites[0]).toMatchObject({ visitor_uuid_param: 'vouch_uuid', show_claim_page: true, locale: 'en' });
    expect(apiKeys.get('my-store')).toBe(site.api_key);
  });

  const broken: [string, unknown][] = [
    ['sites', {}],
    ['sites.0.site_slug', { sites: [{ ...site, site_slug: 'My Store!' }] }],
    ['sites.0.allowed_hosts', { sites: [{ ...site, allowed_hosts: [] }] }],
    ['sites.0.allowed_hosts.0', { sites: [{ ...site, allowed_hosts: ['https://shop.example/'] }] }],
    ['sites.0.destination_url', { sites: [{ ...site, destination_url: 'javascript:alert(1)' }] }],
    ['sites.0.api_key', { sites: [{ ...site, api_key: 'short' }] }],
    ['sites.0.friend_reward.incentive', { sites: [{ ...site, friend_reward: { amount: 5, incentive: 'cash', incentive_description: '$5' } }] }],
    ['sites', { sites: [site, site] }],
  ];
  for (const [field, config] of broken) {
    it(`refuses a bad ${field}, naming it`, () => {
      expect(() => parseSiteConfig(config, {})).toThrow(ConfigError);
      expect(() => parseSiteConfig(config, {})).toThrow(new RegExp(`: ${field.replace(/\./g, '\\.')}: `));
    });
  }

  it('takes the secret from the environment variable named by api_key_env', () => {
    const { api_key: _key, ...withoutKey } = site;
    const config = { sites: [{ ...withoutKey, api_key_env: 'MY_STORE_API_KEY' }] };
    expect(parseSiteConfig(config, { MY_STORE_API_KEY: 'sk_from_env_0123456789' }).apiKeys.get('my-store')).toBe('sk_from_env_0123456789');
    expect(() => parseSiteConfig(config, {})).toThrow(/sites\.0\.api_key_env: environment variable MY_STORE_API_KEY is not set/);
  });

  it('names a file that is not JSON', () => {
    expect(() => loadSiteConfig({ path: join(__dirname, 'site-config.test.ts'), dataDir: tmpdir(), env: {}, demoShopUrl: 'http://localhost:3001' })).toThrow(
      /is not valid JSON/,
    );
  });

  it('makes a demo site with a key kept across starts when no file is given', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vouch-config-'));
    const first = loadSiteConfig({ path: undefined, dataDir, env: {}, demoShopUrl: 'http://localhost:3001' });
    const second = loadSiteConfig({ path: undefined, dataDir, env: {}, demoShopUrl: 'http://localhost:3001' });
    expect(first.isDemo).toBe(true);
    expect(first.file.sites[0]!.site_slug).toBe('demo-shop');
    expect(second.apiKeys.get('demo-shop')).toBe(first.apiKeys.get('demo-shop'));
    expect(readFileSync(join(dataDir, 'demo-site-api-key'), 'utf8').trim()).toBe(first.apiKeys.get('demo-shop'));
  });
});
