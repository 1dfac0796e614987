import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_SITE } from './bench-site';
import { closeServer } from './announce';

/** A shop's order-confirmation page: some text, an image with reserved space, a little script. */
function page(snippet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Thank you for your order</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:720px;padding:24px}.hero{width:100%;height:240px;background:#eef}</style>
${snippet}
</head>
<body>
<h1>Thank you for your order</h1>
<div class="hero" role="img" aria-label="Product photo"></div>
${Array.from({ length: 12 }, (_, i) => `<p>Order line ${i + 1}: a product description long enough to wrap across the width of the page, as a real confirmation page would show it.</p>`).join('\n')}
<script>document.querySelector('h1').dataset.ready = '1'</script>
</body>
</html>`;
}

/** The merchant snippet from the README, pointed at the collector under test. */
function merchantSnippet(collectorUrl: string): string {
  return `<script>window.vouch=window.vouch||function(){(vouch.q=vouch.q||[]).push(arguments)}</script>
<script async src="${collectorUrl}/widget/loader.js" data-site="${BENCH_SITE.site_slug}"></script>
<script>vouch('purchase', {email: 'a@example.com', order_number: 'n' + Date.now() + Math.random(), subtotal: 42.5})</script>`;
}

export interface HostPageServer {
  /** The page without the snippet. */
  withoutUrl: string;
  /** The same page with the merchant snippet. */
  withUrl: string;
  close(): Promise<void>;
}

/** Serves the two pages from 127.0.0.1 (another origin than the collector, as on a real shop). */
export async function startHostPageServer(collectorUrl: string): Promise<HostPageServer> {
  const pages: Record<string, string> = { '/without': page(''), '/with': page(merchantSnippet(collectorUrl)) };
  const server: Server = createServer((request, response) => {
    const html = pages[request.url ?? ''];
    response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    withoutUrl: `http://127.0.0.1:${port}/without`,
    withUrl: `http://127.0.0.1:${port}/with`,
    close: () => closeServer(server),
  };
}
