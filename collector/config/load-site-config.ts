import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as v from 'valibot';
import { issuePath } from '../http/validation-issues';
import { SiteConfigSchema, type SiteConfigFile, type SiteEntry } from './site-config.schema';

/** A configuration problem that must stop the start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadedConfig {
  file: SiteConfigFile;
  /** Resolved secrets by site slug. */
  apiKeys: Map<string, string>;
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
  result.output.sites.forEach((site, index) => {
    apiKeys.set(site.site_slug, resolveApiKey(site, index, env));
  });
  return { file: result.output, apiKeys };
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
