import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../collector/config/load-site-config';
import { TEST_WEBHOOK_SECRET } from '../support/referrals';

const base = { site_slug: 'shop', api_key: 'sk_test_0123456789abcdef', allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/' };

/** The form key the README tells a merchant to compute from an endpoint's secret. */
function formKey(secret: string): string {
  return createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update('vouch form key').digest('hex');
}

function problem(site: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseSiteConfig({ sites: [{ ...base, ...site }] }, env);
  } catch (error) {
    return (error as Error).message.replace('invalid site configuration: ', '');
  }
  return 'accepted';
}

describe('referral lifecycle and web hook configuration', () => {
  it('accepts a complete example and fills the defaults', () => {
    const { file, webhookSecrets } = parseSiteConfig(
      {
        sites: [
          {
            ...base,
            webhook_url: 'https://shop.example/webhooks/vouch',
            webhook_secret: TEST_WEBHOOK_SECRET,
            referral_closed_by: { origin: 'Event', event_category: 'billing', nth: 3 },
            limits: { rewarded_referrals_per_advocate_per_month: 5 },
            coupon_codes: { advocate: ['spring-1'] },
          },
        ],
      },
      {},
    );
    const site = file.sites[0]!;
    expect(site).toMatchObject({ webhook_format: 'json', allow_private_webhook_hosts: false, approval: { mode: 'auto', cooling_period_in_hours: 72 } });
    expect(site.coupon_codes?.advocate).toEqual(['SPRING-1']);
    expect(webhookSecrets.get('shop')).toEqual([TEST_WEBHOOK_SECRET]);
  });

  it('names the field of every bad value', () => {
    expect(problem({ webhook_url: 'ftp://shop.example/hook', webhook_secret: TEST_WEBHOOK_SECRET })).toBe('sites.0.webhook_url: must be an http(s) URL');
    expect(problem({ webhook_url: 'https://shop.example/hook' })).toBe('sites.0.webhook_secret: is required with webhook_url (or webhook_secret_env)');
    expect(problem({ webhook_secret: 'secret' })).toBe('sites.0.webhook_secret: must be "whsec_" followed by base64');
    expect(problem({ webhook_secret: 'whsec_c2hvcnQ=' })).toBe('sites.0.webhook_secret: must encode 24 to 64 bytes');
    expect(problem({ webhook_secret: [TEST_WEBHOOK_SECRET, TEST_WEBHOOK_SECRET, TEST_WEBHOOK_SECRET] })).toMatch(/^sites\.0\.webhook_secret: /);
    expect(problem({ webhook_format: 'xml' })).toBe('sites.0.webhook_format: must be "json" or "form"');
    expect(problem({ webhook_key: '' })).toMatch(/^sites\.0\.webhook_key: /);
    expect(problem({ allow_private_webhook_hosts: 'yes' })).toMatch(/^sites\.0\.allow_private_webhook_hosts: /);
    expect(problem({ approval: { mode: 'sometimes' } })).toBe('sites.0.approval.mode: must be "auto" or "manual"');
    expect(problem({ approval: { mode: 'auto', cooling_period_in_hours: -1 } })).toMatch(/^sites\.0\.approval\.cooling_period_in_hours: /);
    expect(problem({ referral_closed_by: { origin: 'Claim' } })).toBe('sites.0.referral_closed_by.origin: must be {"origin": "Purchase"} or {"origin": "Event", "event_category": ...}');
    expect(problem({ referral_closed_by: { origin: 'Event' } })).toMatch(/^sites\.0\.referral_closed_by\.event_category: /);
    expect(problem({ referral_closed_by: { origin: 'Event', event_category: 'billing', nth: 1.5 } })).toBe('sites.0.referral_closed_by.nth: must be a whole number');
    expect(problem({ referral_closed_by: { origin: 'Purchase', minimum_subtotal: -5 } })).toMatch(/^sites\.0\.referral_closed_by\.minimum_subtotal: /);
    expect(problem({ limits: { rewarded_referrals_per_advocate: 2.5 } })).toBe('sites.0.limits.rewarded_referrals_per_advocate: must be a whole number');
    expect(problem({ coupon_codes: { advocate: ['a b'] } })).toBe('sites.0.coupon_codes.advocate.0: must be 3 to 64 letters, digits, dots, dashes or underscores');
    expect(problem({ advocate_reward: { amount: 5, incentive: 'discount_coupon', incentive_description: '$5 off', coupon_source: 'mint' } })).toMatch(
      /^sites\.0\.advocate_reward\.coupon_source: /,
    );
  });

  it('reads web hook secrets from webhook_secret_env, two during a rotation', () => {
    const next = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    const site = { webhook_url: 'https://shop.example/hook', webhook_secret_env: 'SHOP_WEBHOOK_SECRET' };
    const { webhookSecrets } = parseSiteConfig({ sites: [{ ...base, ...site }] }, { SHOP_WEBHOOK_SECRET: `${next} ${TEST_WEBHOOK_SECRET}` });
    expect(webhookSecrets.get('shop')).toEqual([next, TEST_WEBHOOK_SECRET]);
    expect(problem(site)).toBe('sites.0.webhook_secret_env: environment variable SHOP_WEBHOOK_SECRET is not set');
    expect(problem(site, { SHOP_WEBHOOK_SECRET: 'plain' })).toBe('sites.0.webhook_secret_env: SHOP_WEBHOOK_SECRET must be "whsec_" followed by base64');
  });

  it('lists several endpoints under webhooks, each with its secret and types, webhook_url being one more subscribed to "referral"', () => {
    const other = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;
    const { webhookEndpoints } = parseSiteConfig(
      {
        sites: [
          {
            ...base,
            webhook_url: 'https://shop.example/hook',
            webhook_secret: TEST_WEBHOOK_SECRET,
            webhooks: [{ url: 'https://crm.example/vouch', secret_env: 'CRM_SECRET', events: ['reward', 'referral.voided'] }],
          },
        ],
      },
      { CRM_SECRET: other },
    );
    expect(webhookEndpoints.get('shop')).toEqual([
      { id: expect.stringMatching(/^we_[0-9a-f]{16}$/), url: 'https://shop.example/hook', secrets: [TEST_WEBHOOK_SECRET], events: ['referral'], format: 'json', key: formKey(TEST_WEBHOOK_SECRET) },
      { id: expect.stringMatching(/^we_[0-9a-f]{16}$/), url: 'https://crm.example/vouch', secrets: [other], events: ['reward', 'referral.voided'], format: 'json', key: formKey(other) },
    ]);
    const endpoint = { url: 'https://crm.example/vouch', secret: TEST_WEBHOOK_SECRET, events: ['reward'] };
    expect(problem({ webhooks: [{ ...endpoint, url: 'ftp://crm.example/' }] })).toBe('sites.0.webhooks.0.url: must be an http(s) URL');
    expect(problem({ webhooks: [{ ...endpoint, secret: undefined }] })).toBe('sites.0.webhooks.0.secret: is required (or secret_env)');
    expect(problem({ webhooks: [{ ...endpoint, secret: 'plain' }] })).toBe('sites.0.webhooks.0.secret: must be "whsec_" followed by base64');
    expect(problem({ webhooks: [{ ...endpoint, events: [] }] })).toBe('sites.0.webhooks.0.events: must name at least one event');
    expect(problem({ webhooks: [{ ...endpoint, events: ['reward', 'order.paid'] }] })).toBe(
      'sites.0.webhooks.0.events.1: must be one of "referral", "reward", "referral.created", "referral.flagged", "referral.blocked", "referral.voided", "post_share", "event", "unsubscribe", "create_coupon", "check_unsubscribe"',
    );
    expect(problem({ webhooks: [endpoint, endpoint] })).toBe('sites.0.webhooks: url values must be unique');
    expect(problem({ webhook_url: endpoint.url, webhook_secret: TEST_WEBHOOK_SECRET, webhooks: [endpoint] })).toBe('sites.0.webhook_url: must not also be listed in webhooks');
    expect(problem({ webhooks: [{ ...endpoint, secret: undefined, secret_env: 'CRM_SECRET' }] })).toBe(
      'sites.0.webhooks.0.secret_env: environment variable CRM_SECRET is not set',
    );
  });

  it('gives every endpoint a stable id, a format and a constant form key: configured, from the environment, or derived from its secret', () => {
    const parse = (site: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => parseSiteConfig({ sites: [{ ...base, ...site }] }, env).webhookEndpoints.get('shop')!;
    const endpoint = { url: 'https://crm.example/vouch', secret: TEST_WEBHOOK_SECRET, events: ['post_share', 'event', 'unsubscribe'] };
    const [derived] = parse({ webhooks: [endpoint] });
    // One known answer, so the key merchants compute with the README's formula cannot drift.
    expect(parse({ webhooks: [{ ...endpoint, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }] })[0]!.key).toBe('9c7764fb727625530d56fcd63795749db26327bd8c10210b6b46490b3bdd769e');
    // Restarting (parsing again) answers the same id and key; another URL another id.
    expect(parse({ webhooks: [endpoint] })[0]).toEqual(derived);
    expect(derived).toMatchObject({ format: 'json', key: formKey(TEST_WEBHOOK_SECRET), events: ['post_share', 'event', 'unsubscribe'] });
    expect(parse({ webhooks: [{ ...endpoint, url: 'https://crm.example/other' }] })[0]!.id).not.toBe(derived!.id);
    expect(parse({ webhooks: [{ ...endpoint, id: 'crm', format: 'form', key: 'talkable-key-0123456789' }] })[0]).toMatchObject({ id: 'crm', format: 'form', key: 'talkable-key-0123456789' });
    expect(parse({ webhooks: [{ ...endpoint, format: 'form', key: 'file-key-0123456789', key_env: 'CRM_KEY' }] }, { CRM_KEY: 'env-key-0123456789abc' })[0]!.key).toBe('env-key-0123456789abc');
    // webhook_key keeps naming webhook_url's key; without it the key is derived from webhook_secret, no longer the web hook id.
    expect(parse({ webhook_url: 'https://shop.example/hook', webhook_secret: TEST_WEBHOOK_SECRET, webhook_format: 'form', webhook_key: 'k' })[0]).toMatchObject({ format: 'form', key: 'k' });
    expect(parse({ webhook_url: 'https://shop.example/hook', webhook_secret: TEST_WEBHOOK_SECRET, webhook_format: 'form' })[0]!.key).toBe(formKey(TEST_WEBHOOK_SECRET));

    expect(problem({ webhooks: [{ ...endpoint, format: 'xml' }] })).toBe('sites.0.webhooks.0.format: must be "json" or "form"');
    expect(problem({ webhooks: [{ ...endpoint, key: 'short' }] })).toBe('sites.0.webhooks.0.key: must be at least 16 characters');
    expect(problem({ webhooks: [{ ...endpoint, key: 'has a space in it ok' }] })).toBe('sites.0.webhooks.0.key: must be printable ASCII without spaces');
    expect(problem({ webhooks: [{ ...endpoint, key_env: 'CRM_KEY' }] })).toBe('sites.0.webhooks.0.key_env: environment variable CRM_KEY is not set');
    expect(problem({ webhooks: [{ ...endpoint, key_env: 'CRM_KEY' }] }, { CRM_KEY: 'short' })).toBe('sites.0.webhooks.0.key_env: CRM_KEY must be at least 16 characters');
    expect(problem({ webhooks: [{ ...endpoint, id: 'has/slash' }] })).toBe('sites.0.webhooks.0.id: must be 1 to 63 letters, digits, dashes or underscores');
    expect(problem({ webhooks: [{ ...endpoint, id: 'crm' }, { ...endpoint, url: 'https://crm.example/2', id: 'crm' }] })).toBe('sites.0.webhooks: id values must be unique');
    expect(problem({ webhooks: [{ ...endpoint, id: derived!.id, url: 'https://crm.example/2' }, endpoint] })).toBe(
      `sites.0.webhooks.1.id: ${derived!.id} is already the id of another endpoint`,
    );
  });
});
