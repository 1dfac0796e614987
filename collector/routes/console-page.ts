import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { CONSOLE_BASE_META } from '../contract/console-api';
import { escapeHtml } from '../html-escape';

const HASHED_MAX_AGE_IN_SECONDS = 365 * 24 * 3600;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * The console runs only the collector's own files: no inline script or style, no other origin,
 * no frames around it, no form posted anywhere else. Its JSON comes from /console/api on the
 * same origin.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE_HEADERS = {
  'Content-Security-Policy': CONSOLE_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * GET /console and every page path below it — the merchant console, a browser app built into
 * dist/console. Each page path answers the same index.html (the app picks the page from the
 * path), never cached, so a new release shows at the next load; the files it loads have a
 * content hash in their names and are cached for a year. /console/api/* is the console's JSON,
 * never this page.
 */
export function registerConsolePageRoutes(app: Hono<AppEnv>): void {
  app.get('/console', page);
  app.get('/console/*', async (c) => {
    const below = c.req.path.slice('/console/'.length);
    if (below === 'api' || below.startsWith('api/')) return c.notFound();
    if (below.startsWith('assets/')) return asset(c, below);
    return page(c);
  });
}

async function page(c: Context<AppEnv>) {
  let html: string;
  try {
    html = await readFile(join(c.var.services.consoleDir, 'index.html'), 'utf8');
  } catch {
    return c.text('The merchant console is not built: run `npm run build`.', 503, { ...PAGE_HEADERS, 'Cache-Control': 'no-store' });
  }
  return c.body(underPublicPath(html, c.var.services.publicPath), 200, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
}

/**
 * The built page names its files under /console/ and the app finds its pages and API there; under
 * a path prefix both move below it: the file URLs are rewritten and the app reads its base from
 * CONSOLE_BASE_META (no inline script: the CSP allows none).
 */
function underPublicPath(html: string, publicPath: string): string {
  const base = `${publicPath}/console`;
  const meta = `<meta name="${CONSOLE_BASE_META}" content="${escapeHtml(base)}" />`;
  const moved = publicPath ? html.replaceAll('="/console/', `="${escapeHtml(base)}/`) : html;
  return moved.replace('<head>', `<head>\n    ${meta}`);
}

async function asset(c: Context<AppEnv>, relative: string) {
  const path = normalize(relative);
  const type = TYPES[extname(path)];
  if (!type || path.startsWith('..') || path.includes('\0')) return c.notFound();
  let content: Buffer;
  try {
    content = await readFile(join(c.var.services.consoleDir, path));
  } catch {
    return c.notFound();
  }
  return c.body(new Uint8Array(content), 200, {
    'Content-Type': type,
    'Cache-Control': `public, max-age=${HASHED_MAX_AGE_IN_SECONDS}, immutable`,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
}
