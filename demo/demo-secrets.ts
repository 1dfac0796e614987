import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A secret made once and kept in the data folder, so restarts keep working links and keys. */
function keptSecret(dataDir: string, name: string, make: () => string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = make();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The demo site's secret key (the same file the collector's own demo site uses). */
export function demoApiKey(dataDir: string): string {
  return keptSecret(dataDir, 'demo-site-api-key', () => `sk_demo_${randomBytes(18).toString('base64url')}`);
}

/** The demo site's web hook signing secret, Standard Webhooks style. */
export function demoWebhookSecret(dataDir: string): string {
  return keptSecret(dataDir, 'demo-webhook-secret', () => `whsec_${randomBytes(32).toString('base64')}`);
}

/** The demo site's consumer secret for the Reverb-shaped /api/v1 (its consumer key is DEMO_CONSUMER_KEY). */
export function demoConsumerSecret(dataDir: string): string {
  return keptSecret(dataDir, 'demo-consumer-secret', () => `cs_demo_${randomBytes(18).toString('base64url')}`);
}

/** The demo site's consumer key: a name, not a secret, so the README's curl examples can print it. */
export const DEMO_CONSUMER_KEY = 'ck_demo_shop';
