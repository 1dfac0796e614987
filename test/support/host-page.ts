import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one page of the fake shop holds. */
export interface ShopPage {
  /** Inline scripts after the snippet (each is allowed by its hash, like the snippet). */
  scripts?: string[];
  /** HTML for the page body. */
  body?: string;
  /** Attributes for the loader tag besides src and data-site, e.g. 'data-target="#vouch-offer"'. */
  loaderAttributes?: string;
}

export interface HostPage {
  url: string;
  /** The collector whose loader the pages include (settable after start, to break the start-order cycle). */
  collectorUrl: string;
  siteSlug: string;
  /** Serves `page` at `path` (any query string). */
  setPage(path: string, page: ShopPage): void;
  stop(): Promise<void>;
}

/** The merchant's snippet, exactly as the README tells them to paste it. */
export const SNIPPET = 'window.vouch=window.vouch||function(){(vouch.q=vouch.q||[]).push(arguments)}';

// A shop stylesheet as hostile as they come: it must neither reach into the widget nor hide it.
const HOSTILE_CSS = `* { all: unset; color: red !important; font-family: "Comic Sans MS", cursive !important; }
div { display: none !important; }
head { display: none; }
body { display: block; margin: 40px; }
main, main * { display: block; }
button { display: inline-block; border: 1px solid; padding: 8px; }`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * A fake shop on its own origin (another port of 127.0.0.1) with a strict CSP: scripts only from
 * itself, the collector and the hashes of its inline scripts; connections only to the collector;
 * styles only from its own stylesheet (no 'unsafe-inline').
 */
export async function startHostPage(options: { collectorUrl?: string; siteSlug: string }): Promise<HostPage> {
  const pages = new Map<string, ShopPage>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url!, 'http://x').pathname;
    if (path === '/shop.css') return response.writeHead(200, { 'Content-Type': 'text/css' }).end(HOSTILE_CSS);
    const page = pages.get(path);
    if (!page) return response.writeHead(404).end('not found');
    const inline = [SNIPPET, ...(page.scripts ?? [])];
    const collector = host.collectorUrl;
    const csp = [
      "default-src 'self'",
      `script-src 'self' ${collector} ${inline.map(sha256).join(' ')}`,
      `connect-src ${collector}`,
      "style-src 'self'",
      "img-src 'self'",
    ].join('; ');
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test Shop</title><link rel="stylesheet" href="/shop.css">
<script>${SNIPPET}</script>
<script async src="${collector}/widget/loader.js" data-site="${host.siteSlug}" ${page.loaderAttributes ?? ''}></script>
${(page.scripts ?? []).map((script) => `<script>${script}</script>`).join('\n')}
</head><body><main>${page.body ?? '<h1>Thank you for your order</h1><p>Order #1001 is on its way.</p>'}</main></body></html>`;
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host: HostPage = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    collectorUrl: options.collectorUrl ?? '',
    siteSlug: options.siteSlug,
    setPage: (path, page) => pages.set(path, page),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return host;
}
