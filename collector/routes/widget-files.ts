import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { acceptedEncodings } from '../http/content-encoding';

const LOADER_MAX_AGE_IN_SECONDS = 300;
const HASHED_MAX_AGE_IN_SECONDS = 365 * 24 * 3600;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * GET /widget/* — the built widget. The loader keeps a stable name and a short cache so a new
 * release reaches shops within minutes; everything it loads has a content hash in its name
 * and is cached for a year. Scripts go out precompressed (brotli, else gzip, as the build wrote
 * them beside each file and as the request's Accept-Encoding allows), so the bytes on the wire
 * are the ones the size budget counts; caches keep one copy per encoding (Vary).
 */
export function registerWidgetFileRoutes(app: Hono<AppEnv>): void {
  app.get('/widget/*', async (c) => {
    const relative = normalize(c.req.path.slice('/widget/'.length));
    const type = TYPES[extname(relative)];
    if (!type || relative.startsWith('..') || relative.includes('\0')) return c.notFound();
    const path = join(c.var.services.widgetDir, relative);
    let content: Buffer | undefined;
    let encoding: string | undefined;
    for (const candidate of acceptedEncodings(c.req.header('accept-encoding'))) {
      content = await readFile(`${path}${candidate.suffix}`).catch(() => undefined);
      if (content) {
        encoding = candidate.encoding;
        break;
      }
    }
    try {
      content ??= await readFile(path);
    } catch {
      // Missing file (or widget not built): a plain 404.
      return c.notFound();
    }
    const isLoader = relative === 'loader.js';
    return c.body(new Uint8Array(content), 200, {
      'Content-Type': type,
      ...(encoding && { 'Content-Encoding': encoding }),
      Vary: 'Accept-Encoding',
      'Cache-Control': isLoader ? `public, max-age=${LOADER_MAX_AGE_IN_SECONDS}` : `public, max-age=${HASHED_MAX_AGE_IN_SECONDS}, immutable`,
      // Module scripts loaded across origins need CORS; these files are public by design.
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
