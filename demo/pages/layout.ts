import { randomBytes } from 'node:crypto';
import { PRODUCTS } from '../catalog';
import { LOGO } from './plant-art';

/** Escapes text for HTML content and attributes. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface DemoPage {
  html: string;
  headers: Record<string, string>;
}

const STYLE = `
:root{--green:#166534;--green-2:#15803d;--ink:#1c1917;--muted:#57534e;--line:#e7e5e4;--bg:#fafaf9;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--green)}
header{background:#fff;border-bottom:1px solid var(--line)}
.bar{max-width:960px;margin:0 auto;padding:14px 16px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
.brand{font-weight:800;font-size:1.2rem;text-decoration:none;color:var(--ink);margin-right:auto;display:flex;align-items:center;gap:6px}
nav a{text-decoration:none;font-weight:600;padding:6px 8px;border-radius:8px}nav a:hover{background:#f0fdf4}
main{max-width:960px;margin:0 auto;padding:24px 16px 64px}
h1{font-size:1.6rem;margin:8px 0 16px}h2{font-size:1.2rem;margin:28px 0 12px}
.grid{display:grid;gap:16px;grid-template-columns:repeat(auto-fill,minmax(200px,1fr))}
.card{background:#fff;border:1px solid var(--line);border-radius:14px;padding:16px}
.tile{font-size:3rem;display:grid;place-items:center;height:120px;border-radius:10px;margin-bottom:12px}
.price{font-weight:700}.muted{color:var(--muted)}
button,.button{display:inline-block;border:0;background:var(--green);color:#fff;font:600 1rem system-ui,sans-serif;padding:10px 16px;border-radius:10px;cursor:pointer;text-decoration:none}
button:hover,.button:hover{background:var(--green-2)}button.secondary{background:#e7e5e4;color:var(--ink)}button.danger{background:#b91c1c}
button:focus-visible,.button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
label{display:block;font-weight:600;margin:12px 0 4px}input{width:100%;max-width:420px;font:1rem system-ui,sans-serif;padding:10px 12px;border:1px solid #a8a29e;border-radius:8px}
.error{color:#b91c1c;font-weight:600;margin:4px 0}
.banner{background:#f0fdf4;border:1px solid #bbf7d0;border-radius:12px;padding:12px 16px;margin-bottom:20px}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:12px;overflow:hidden;font-size:.95rem}
th,td{text-align:left;padding:10px 12px;border-bottom:1px solid var(--line);vertical-align:top}th{background:#f5f5f4}
.pill{display:inline-block;padding:2px 10px;border-radius:99px;font-size:.85rem;font-weight:700;background:#e7e5e4}
.pill.pending{background:#fef3c7}.pill.approved{background:#dcfce7}.pill.voided,.pill.blocked{background:#fee2e2}.pill.unblocked{background:#e0e7ff}
.table-wrap{overflow-x:auto}pre{white-space:pre-wrap;word-break:break-word;background:#f5f5f4;padding:12px;border-radius:8px;font-size:.85rem}
form.inline{display:inline}
li a{word-break:break-all}
iframe{width:100%;min-height:420px;border:1px solid var(--line);border-radius:12px;background:#fff}
${PRODUCTS.map((product) => `.tint-${product.id}{background:${product.tint}}`).join('')}
`;

/**
 * A demo page: the shop's chrome and a strict CSP that allows scripts only from the shop
 * itself, the collector (the widget), and the page's own nonce-tagged snippet.
 */
export function page(options: { title: string; body: string; collectorOrigin: string; scripts?: string[] }): DemoPage {
  const nonce = randomBytes(16).toString('base64');
  const scripts = (options.scripts ?? []).map((script) => (script.startsWith('<') ? script.replace('<script', `<script nonce="${nonce}"`) : `<script nonce="${nonce}">${script}</script>`)).join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(options.title)} · Fern &amp; Field</title><style nonce="${nonce}">${STYLE}</style></head>
<body><header><div class="bar"><a class="brand" href="/">${LOGO} Fern &amp; Field</a><nav><a href="/">Shop</a><a href="/cart">Cart</a><a href="/merchant">Merchant corner</a><a href="/inbox">Inbox</a></nav></div></header>
<main>${options.body}</main>
${scripts}</body></html>`;
  return {
    html,
    headers: {
      'Content-Security-Policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}' ${options.collectorOrigin}; connect-src 'self' ${options.collectorOrigin}; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    },
  };
}
