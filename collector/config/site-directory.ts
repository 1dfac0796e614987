import type { Kysely } from 'kysely';
import { claimDestination } from './claim-destination';
import { isAllowedOrigin } from './host-allow-list';
import { ensureSite } from '../store/site.repository';
import type { Database } from '../store/tables';
import { ConfigError, type LoadedConfig } from './load-site-config';
import { DEFAULT_CURRENCY, type Site } from './site-config.schema';

/** The configured sites, by slug and by store id. */
export class SiteDirectory {
  private readonly bySlugMap = new Map<string, Site>();
  private readonly byIdMap = new Map<string, Site>();

  constructor(sites: Site[]) {
    for (const site of sites) {
      this.bySlugMap.set(site.site_slug, site);
      this.byIdMap.set(site.id, site);
    }
  }

  bySlug(slug: string): Site | undefined {
    return this.bySlugMap.get(slug);
  }

  byId(id: string): Site | undefined {
    return this.byIdMap.get(id);
  }

  all(): Site[] {
    return [...this.bySlugMap.values()];
  }

  /** Whether any site lets this browser origin call the public API (for CORS preflights). */
  anyAllowsOrigin(origin: string): boolean {
    return this.all().some((site) => isAllowedOrigin(origin, site.allowed_hosts));
  }
}

/**
 * The configured sites as the collector serves them, secrets resolved, each checked for what
 * the schema alone cannot see (a destination off its own allow-list); ids are given by
 * buildSiteDirectory. `vouch check-config` runs this too, so it refuses what the start refuses.
 */
export function configuredSites(config: LoadedConfig): Site[] {
  return config.file.sites.map((entry, index) => {
    const { api_key_env: _env, webhook_secret: _secret, webhook_secret_env: _secretEnv, webhooks: _webhooks, smtp_url_env: _smtpEnv, consumer_secret_env: _consumerEnv, connectors: _connectors, ...rest } = entry;
    const site: Site = {
      ...rest,
      api_key: config.apiKeys.get(entry.site_slug)!,
      currency: entry.currency ?? entry.connectors.stripe?.currency?.toUpperCase() ?? DEFAULT_CURRENCY,
      webhook_secrets: config.webhookSecrets.get(entry.site_slug) ?? [],
      webhook_endpoints: config.webhookEndpoints.get(entry.site_slug) ?? [],
      smtp_url: config.smtpUrls.get(entry.site_slug) ?? null,
      consumer_secret: config.consumerSecrets.get(entry.site_slug) ?? null,
      connectors: config.connectors.get(entry.site_slug) ?? {},
      id: '',
    };
    try {
      claimDestination(site, '00000000-0000-4000-8000-000000000000', null);
    } catch {
      // The only way the check throws is a destination off the allow-list.
      throw new ConfigError(`invalid site configuration: sites.${index}.destination_url: its host is not in allowed_hosts`);
    }
    return site;
  });
}

/** Checks the sites (configuredSites) and gives each its store id. */
export async function buildSiteDirectory(db: Kysely<Database>, config: LoadedConfig, now = new Date()): Promise<SiteDirectory> {
  const sites = configuredSites(config);
  for (const site of sites) site.id = await ensureSite(db, site.site_slug, now.toISOString());
  return new SiteDirectory(sites);
}
