import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as v from 'valibot';
import { issuePath } from './validation-issues';
import { derivedFormKey } from '../signing/webhook-form-key';
import { DEFAULT_CURRENCY, MAX_WEBHOOK_SECRETS, SiteConfigSchema, SmtpUrlSchema, FormKeySchema, WebhookSecretSchema, type SiteConfigFile, type SiteEntry, type WebhookEndpoint } from './site-config.schema';
import type { Connectors, ConnectorsEntry } from './connectors.schema';
import { platformsWithAdminCredentials } from './shop-coupon-platform';
import { derivedEndpointId } from './webhook-endpoint-id';

/** A configuration problem that must stop the start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadedConfig {
  file: SiteConfigFile;
  /** Resolved secrets by site slug. */
  apiKeys: Map<string, string>;
  /** Resolved web hook secrets by site slug (empty without webhook_url). */
  webhookSecrets: Map<string, string[]>;
  /** Every web hook endpoint by site slug (webhook_url first, then `webhooks`), secrets resolved. */
  webhookEndpoints: Map<string, WebhookEndpoint[]>;
  /** Resolved SMTP URLs by site slug (null: no SMTP configured). */
  smtpUrls: Map<string, string | null>;
  /** Resolved consumer secrets of the Reverb-shaped API by site slug (null: none configured). */
  consumerSecrets: Map<string, string | null>;
  /** Resolved shop connectors by site slug. */
  connectors: Map<string, Connectors>;
  /** True when no file was given and the demo site was made up. */
  isDemo: boolean;
}

/** Validates a parsed configuration, naming the first bad field. */
export function parseSiteConfig(input: unknown, env: NodeJS.ProcessEnv): Omit<LoadedConfig, 'isDemo'> {
  const result = v.safeParse(SiteConfigSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    throw new ConfigError(`invalid site configuration: ${issuePath(issue) || '(root)'}: ${issue.message}`);
  }
  const apiKeys = new Map<string, string>();
  const webhookSecrets = new Map<string, string[]>();
  const webhookEndpoints = new Map<string, WebhookEndpoint[]>();
  const smtpUrls = new Map<string, string | null>();
  const consumerSecrets = new Map<string, string | null>();
  const connectors = new Map<string, Connectors>();
  result.output.sites.forEach((site, index) => {
    apiKeys.set(site.site_slug, resolveApiKey(site, index, env));
    const secrets = resolveWebhookSecrets(site.webhook_secret, site.webhook_secret_env, `sites.${index}.webhook_secret_env`, env);
    webhookSecrets.set(site.site_slug, secrets);
    webhookEndpoints.set(site.site_slug, resolveWebhookEndpoints(site, index, secrets, env));
    smtpUrls.set(site.site_slug, resolveSmtpUrl(site, index, env));
    consumerSecrets.set(site.site_slug, resolveConsumerSecret(site, index, env));
    connectors.set(site.site_slug, resolveConnectors(site.connectors, site.currency, `sites.${index}.connectors`, env));
  });
  return { file: result.output, apiKeys, webhookSecrets, webhookEndpoints, smtpUrls, consumerSecrets, connectors };
}

/** Each connector's secrets from the variables it names: a web hook secret must be set (a connector that cannot verify would accept anyone); an API credential may be absent (then no codes are created in the shop). */
function resolveConnectors(entry: ConnectorsEntry, siteCurrency: string | undefined, field: string, env: NodeJS.ProcessEnv): Connectors {
  const required = (name: string, at: string): string => {
    const value = env[name];
    if (!value) throw new ConfigError(`invalid site configuration: ${field}.${at}: environment variable ${name} is not set`);
    return value;
  };
  const optional = (name: string | undefined): string | null => (name ? env[name] || null : null);
  const connectors: Connectors = {};
  if (entry.shopify) {
    const shopify = entry.shopify;
    connectors.shopify = {
      shop_domain: shopify.shop_domain,
      webhook_secret: required(shopify.webhook_secret_env, 'shopify.webhook_secret_env'),
      admin_token: optional(shopify.admin_token_env),
      api_version: shopify.api_version,
      admin_url: (shopify.admin_url ?? `https://${shopify.shop_domain}`).replace(/\/+$/, ''),
    };
  }
  if (entry.woocommerce) {
    const woo = entry.woocommerce;
    connectors.woocommerce = {
      store_url: woo.store_url.replace(/\/+$/, ''),
      webhook_secret: required(woo.webhook_secret_env, 'woocommerce.webhook_secret_env'),
      consumer_key: optional(woo.consumer_key_env),
      consumer_secret: optional(woo.consumer_secret_env),
    };
  }
  if (entry.stripe) {
    const stripe = entry.stripe;
    connectors.stripe = {
      webhook_secret: required(stripe.webhook_secret_env, 'stripe.webhook_secret_env'),
      api_key: optional(stripe.api_key_env),
      api_url: (stripe.api_url ?? 'https://api.stripe.com').replace(/\/+$/, ''),
      // One currency per site: the Stripe coupons' is the site's unless the connector names it (the schema checks they agree).
      currency: stripe.currency ?? (siteCurrency ?? DEFAULT_CURRENCY).toLowerCase(),
    };
  }
  const creators = platformsWithAdminCredentials(connectors);
  if (creators.length > 1) {
    throw new ConfigError(
      `invalid site configuration: ${field}: ${creators.join(' and ')} both have admin credentials; set them on the one connector whose shop should create the site's codes`,
    );
  }
  return connectors;
}

/** consumer_secret_env's variable, else consumer_secret; like api_key_env, the file's value is the fallback. */
function resolveConsumerSecret(site: SiteEntry, index: number, env: NodeJS.ProcessEnv): string | null {
  if (!site.consumer_secret_env) return site.consumer_secret ?? null;
  const fromEnv = env[site.consumer_secret_env];
  if (fromEnv && fromEnv.length >= 16) return fromEnv;
  if (site.consumer_secret) return site.consumer_secret;
  throw new ConfigError(
    `invalid site configuration: sites.${index}.consumer_secret_env: environment variable ${site.consumer_secret_env} is not set (or shorter than 16 characters)`,
  );
}

/**
 * The site's SMTP server: smtp_url_env's variable, else smtp_url, else the collector-wide
 * SMTP_URL. Errors name the field or variable, never the value (it may hold a password).
 */
function resolveSmtpUrl(site: SiteEntry, index: number, env: NodeJS.ProcessEnv): string | null {
  const field = `invalid site configuration: sites.${index}`;
  const [source, url] = site.smtp_url_env
    ? [`${field}.smtp_url_env: ${site.smtp_url_env}`, env[site.smtp_url_env] || site.smtp_url]
    : site.smtp_url
      ? [`${field}.smtp_url:`, site.smtp_url]
      : [`invalid environment: SMTP_URL:`, env.SMTP_URL || undefined];
  if (site.smtp_url_env && !url) throw new ConfigError(`${source} is not set`);
  if (!url) return null;
  const parsed = v.safeParse(SmtpUrlSchema, url);
  if (!parsed.success) throw new ConfigError(`${source} ${parsed.issues[0].message}`);
  // With only the collector-wide SMTP_URL, invites come from no-reply@ the public host instead.
  if (!site.mail_from && (site.smtp_url || site.smtp_url_env)) throw new ConfigError(`${field}.mail_from: is required with smtp_url`);
  return url;
}

/**
 * The site's endpoints: webhook_url (subscribed to the Referral web hook, as before `webhooks`
 * existed), then each `webhooks` entry; each with its id and its constant form key.
 */
function resolveWebhookEndpoints(site: SiteEntry, index: number, legacySecrets: string[], env: NodeJS.ProcessEnv): WebhookEndpoint[] {
  const field = `invalid site configuration: sites.${index}`;
  const legacy: WebhookEndpoint[] = site.webhook_url
    ? [
        {
          id: derivedEndpointId(site.site_slug, site.webhook_url),
          url: site.webhook_url,
          secrets: legacySecrets,
          events: ['referral'],
          format: site.webhook_format,
          key: site.webhook_key ?? derivedFormKey(legacySecrets[0]!),
        },
      ]
    : [];
  const endpoints = [
    ...legacy,
    ...site.webhooks.map((endpoint, at): WebhookEndpoint => {
      const secrets = resolveWebhookSecrets(endpoint.secret, endpoint.secret_env, `sites.${index}.webhooks.${at}.secret_env`, env);
      return {
        id: endpoint.id ?? derivedEndpointId(site.site_slug, endpoint.url),
        url: endpoint.url,
        secrets,
        events: [...new Set(endpoint.events)],
        format: endpoint.format,
        key: resolveFormKey(endpoint, `${field}.webhooks.${at}.key_env`, env) ?? derivedFormKey(secrets[0]!),
      };
    }),
  ];
  // A configured id could equal the id derived for another entry (or webhook_url).
  const taken = new Set<string>();
  for (const [at, endpoint] of endpoints.entries()) {
    if (taken.has(endpoint.id)) throw new ConfigError(`${field}.webhooks.${at - legacy.length}.id: ${endpoint.id} is already the id of another endpoint`);
    taken.add(endpoint.id);
  }
  return endpoints;
}

/** key_env's variable, else key; like the other *_env keys, the file's value is the fallback. */
function resolveFormKey(endpoint: { key?: string | undefined; key_env?: string | undefined }, field: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!endpoint.key_env) return endpoint.key;
  const fromEnv = env[endpoint.key_env];
  if (fromEnv) {
    const parsed = v.safeParse(FormKeySchema, fromEnv);
    if (!parsed.success) throw new ConfigError(`${field}: ${endpoint.key_env} ${parsed.issues[0].message}`);
    return fromEnv;
  }
  if (endpoint.key) return endpoint.key;
  throw new ConfigError(`${field}: environment variable ${endpoint.key_env} is not set`);
}

/** A secret_env may name a variable holding one secret or two (space- or comma-separated) during a rotation; the file's secret is the fallback. */
function resolveWebhookSecrets(secret: string | string[] | undefined, secretEnv: string | undefined, field: string, env: NodeJS.ProcessEnv): string[] {
  const configured = secret === undefined ? [] : [secret].flat();
  if (!secretEnv) return configured;
  const fromEnv = (env[secretEnv] ?? '').split(/[\s,]+/).filter(Boolean);
  if (fromEnv.length === 0) {
    if (configured.length > 0) return configured;
    throw new ConfigError(`invalid site configuration: ${field}: environment variable ${secretEnv} is not set`);
  }
  const parsed = v.safeParse(v.pipe(v.array(WebhookSecretSchema), v.maxLength(MAX_WEBHOOK_SECRETS)), fromEnv);
  if (!parsed.success) {
    throw new ConfigError(`invalid site configuration: ${field}: ${secretEnv} ${parsed.issues[0].message}`);
  }
  return parsed.output;
}

function resolveApiKey(site: SiteEntry, index: number, env: NodeJS.ProcessEnv): string {
  if (site.api_key_env) {
    const fromEnv = env[site.api_key_env];
    if (fromEnv && fromEnv.length >= 16) return fromEnv;
    if (site.api_key) return site.api_key;
    throw new ConfigError(
      `invalid site configuration: sites.${index}.api_key_env: environment variable ${site.api_key_env} is not set (or shorter than 16 characters)`,
    );
  }
  return site.api_key as string;
}

/** Reads the file named by VOUCH_CONFIG, or makes the zero-configuration demo site. */
export function loadSiteConfig(options: {
  path: string | undefined;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  demoShopUrl: string;
}): LoadedConfig {
  if (options.path) {
    let text: string;
    try {
      text = readFileSync(options.path, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read site configuration ${options.path}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`site configuration ${options.path} is not valid JSON: ${(error as Error).message}`);
    }
    return { ...parseSiteConfig(json, options.env), isDemo: false };
  }
  const demo = demoSiteConfig(options.dataDir, options.demoShopUrl);
  return { ...parseSiteConfig(demo, options.env), isDemo: true };
}

/**
 * The site a fresh clone starts with. Its key is made once and kept beside the data, so
 * curl examples and the demo shop keep working across restarts.
 */
function demoSiteConfig(dataDir: string, demoShopUrl: string): unknown {
  const keyFile = `${dataDir}/demo-site-api-key`;
  let apiKey: string;
  if (existsSync(keyFile)) {
    apiKey = readFileSync(keyFile, 'utf8').trim();
  } else {
    apiKey = `sk_demo_${randomBytes(18).toString('base64url')}`;
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
  }
  const shop = new URL(demoShopUrl);
  return {
    sites: [
      {
        site_slug: 'demo-shop',
        name: 'Demo Shop',
        api_key: apiKey,
        allowed_hosts: [shop.host, 'localhost', '127.0.0.1'],
        destination_url: new URL('/welcome', shop).href,
      },
    ],
  };
}
