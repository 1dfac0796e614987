import type { Site } from '../config/site-config.schema';

/**
 * A site's effective configuration as the console's Settings page shows it: every value the
 * collector runs with (defaults filled in, environment variables resolved), with every secret
 * masked. A secret is named by its key (api_key, consumer_secret, webhook secrets, form keys,
 * anything called *secret*, *password* or *_key*), and any URL's user name and password
 * (smtp_url's credentials, a web hook URL with a password in it) are masked wherever they are.
 * What is masked shows at most its last 4 characters, and only when it is long enough for those
 * 4 to give nothing away.
 */
export function siteSettingsView(site: Site): Record<string, unknown> {
  return maskValue(site, undefined) as Record<string, unknown>;
}

/** Keys whose value is a secret (or a list of secrets). */
const SECRET_KEY = /secret|password|token|(^|_)key$/i;
/** Shorter secrets show no characters at all. */
const MIN_LENGTH_TO_SHOW_TAIL = 16;
const MASK = '••••';

function maskValue(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, maskValue(inner, name)]));
  }
  if (typeof value !== 'string') return value;
  if (key !== undefined && SECRET_KEY.test(key)) return maskSecret(value);
  return maskUrlCredentials(value);
}

/** "••••" and the last 4 characters of a long secret; "••••" alone for a short one. */
export function maskSecret(secret: string): string {
  return secret.length >= MIN_LENGTH_TO_SHOW_TAIL ? `${MASK}${secret.slice(-4)}` : MASK;
}

/** A URL with its user name and password masked (smtp://••••:••••@mail.example:587); any other text as it is. */
function maskUrlCredentials(text: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i.exec(text);
  if (!match) return text;
  const masked = match[2]!.includes(':') ? `${MASK}:${MASK}` : MASK;
  return `${match[1]}${masked}@${text.slice(match[0].length)}`;
}
