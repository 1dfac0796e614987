import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readEnvironment } from '../config/environment';
import { loadSiteConfig } from '../config/load-site-config';
import { configuredSites } from '../config/site-directory';
import { UsageError } from './users-command';

export const CHECK_CONFIG_HELP = `Usage: npm run vouch -- check-config [FILE]

Checks a site configuration file (FILE, else VOUCH_CONFIG) the way the collector does at start,
and the environment with it (the variables the collector reads, the secrets named by *_env
fields), without starting anything or opening the store. Prints the sites it would serve, or
the first problem, naming the field or variable (exit code 78).`;

/** What the check needs from its caller. */
export interface CheckConfigContext {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
}

/**
 * Runs `check-config [FILE]`: the same validation as the start (so a deploy can check a new
 * file before it restarts the collector on it), throwing the same ConfigError the start would.
 */
export function runCheckConfigCommand(args: string[], context: CheckConfigContext): void {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option'), 'check-config');
  }
  const [file, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`check-config takes one FILE, not also "${extra.join(' ')}"`, 'check-config');
  const env = readEnvironment(context.env);
  const path = file ?? env.VOUCH_CONFIG;
  if (!path) throw new UsageError('check-config needs a FILE, or VOUCH_CONFIG set to one', 'check-config');
  const config = loadSiteConfig({ path, dataDir: 'data', env: context.env, demoShopUrl: env.DEMO_SHOP_URL ?? 'http://localhost:3001' });
  const slugs = configuredSites(config).map((site) => site.site_slug);
  context.out(`${resolve(path)} is valid: ${slugs.length} site${slugs.length === 1 ? '' : 's'} (${slugs.join(', ')}); the environment is valid too.`);
}
