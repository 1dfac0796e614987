/**
 * Whether a URL's host is one of the merchant's allowed hosts. Patterns are host names
 * ("shop.example"), wildcards for subdomains ("*.shop.example", which does not match the bare
 * domain), or "host:port" to pin a port. Comparison uses the WHATWG URL parser's own result, so
 * tricks like userinfo ("https://shop.example@evil.example"), backslashes, mixed case,
 * percent-encoding and IDN are judged on the host the browser would actually visit.
 */
export function isAllowedHost(url: URL, patterns: readonly string[]): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  const hostname = url.hostname.toLowerCase();
  return patterns.some((pattern) => {
    const [patternHost = '', patternPort] = splitPort(pattern.toLowerCase());
    if (patternPort !== undefined && patternPort !== effectivePort(url)) return false;
    // "*.shop.example" matches "a.shop.example", never "shop.example" nor "evilshop.example".
    if (patternHost.startsWith('*.')) return hostname.endsWith(`.${toAsciiHost(patternHost.slice(2))}`);
    return hostname === toAsciiHost(patternHost);
  });
}

/** Whether an Origin header value (scheme://host[:port]) belongs to the allowed hosts. */
export function isAllowedOrigin(origin: string | undefined, patterns: readonly string[]): boolean {
  if (!origin) return false;
  try {
    const url = new URL(origin);
    return url.origin === origin && isAllowedHost(url, patterns);
  } catch {
    // Not a URL (e.g. "null" from a sandboxed frame): never allowed.
    return false;
  }
}

function splitPort(pattern: string): [string, string | undefined] {
  const match = /^(.*):(\d+)$/.exec(pattern);
  return match ? [match[1]!, match[2]] : [pattern, undefined];
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The punycode form of a host, as URL.hostname gives it, so "bücher.example" matches its xn-- form. */
function toAsciiHost(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return host;
  }
}
