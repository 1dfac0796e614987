import { escapeHtml } from '../html-escape';
import { randomBytes } from 'node:crypto';
import type { Brand } from '../config/brand.schema';
import { brandColours } from '../config/brand-colours';

/** A page the collector serves to people (claim page, offer page, errors). */
export interface Page {
  html: string;
  headers: Record<string, string>;
}

const STYLE = `
:root{--ink:#1f2937;--muted:#4b5563;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f5f5f7}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;padding:16px}
main{background:#fff;max-width:520px;width:100%;border-radius:16px;padding:32px 24px;box-shadow:0 10px 30px rgba(0,0,0,.08);text-align:center}
h1{font-size:1.5rem;margin:0 0 8px;line-height:1.25}p{color:var(--muted);line-height:1.5;margin:0 0 16px}
.gift{margin-bottom:8px}.gift .box{fill:var(--brand)}.gift .lid{fill:var(--brand);opacity:.8}
.logo{display:block;margin:0 auto 16px;max-width:200px;max-height:56px;width:auto;height:auto}
.coupon{display:inline-block;font:600 1.125rem ui-monospace,monospace;letter-spacing:.08em;border:2px dashed var(--brand);border-radius:8px;padding:8px 16px;margin:0 0 20px;color:var(--ink);user-select:all}
.button{display:block;background:var(--brand);color:var(--brand-text);text-decoration:none;font-weight:600;border-radius:10px;padding:14px 20px;font-size:1rem}
.button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
button.button{border:0;width:100%;cursor:pointer;font-family:inherit}
small{display:block;margin-top:16px;color:var(--muted)}
form{text-align:left;margin:0 0 16px}label{display:block;font-weight:600;margin:0 0 6px}
input[type=email],input[type=text]{display:block;width:100%;font:inherit;padding:12px;border:1px solid #6b7280;border-radius:8px;margin:0 0 16px}
input:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.check{display:flex;gap:10px;align-items:flex-start;font-weight:400;color:var(--muted);line-height:1.4}.check input{margin-top:3px;width:20px;height:20px;flex:none}
.error{color:#b91c1c;font-weight:600}.alert{background:#fef2f2;border-radius:8px;padding:10px 12px;color:#991b1b}
a{color:inherit}.wide{max-width:720px;text-align:left}.wide h1,.wide .lead{text-align:center}
h2{font-size:1.125rem;margin:28px 0 10px}
.list{list-style:none;margin:0;padding:0}.list li{border-top:1px solid #e5e7eb;padding:12px 0}
.list .line{display:flex;flex-wrap:wrap;justify-content:space-between;gap:4px 12px;font-weight:600;overflow-wrap:anywhere}
.list p{margin:4px 0 0}.list time{color:var(--muted);font-weight:400}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;margin-right:6px;font-size:.875rem;font-weight:600;background:#f3f4f6;color:#1f2937}
.badge.approved{background:#dcfce7;color:#14532d}.badge.pending{background:#fef3c7;color:#78350f}.badge.not_counted,.badge.reversed{background:#fee2e2;color:#7f1d1d}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:8px;margin:0}.totals div{background:#f5f5f7;border-radius:10px;padding:10px;text-align:center}
.totals dt{color:var(--muted);font-size:.875rem}.totals dd{margin:0;font-size:1.25rem;font-weight:700}
.who{overflow-wrap:anywhere}.link-button{background:none;border:0;padding:0;font:inherit;text-decoration:underline;cursor:pointer;color:inherit}
.signed-in{display:flex;flex-wrap:wrap;gap:8px;justify-content:space-between;align-items:center;margin-top:28px;color:var(--muted);overflow-wrap:anywhere}
.signed-in form{margin:0}
`;

/**
 * Wraps a body in a complete page with a strict Content-Security-Policy: nothing loads but
 * the page's own nonce-tagged style (and, when given, scripts from the collector itself).
 */
export function renderPage(options: {
  title: string;
  body: string;
  lang?: string;
  scripts?: string[];
  externalScripts?: { src: string; dataSite: string }[];
  /** Lets the page's forms post back to the collector (form-action 'self'); none by default. */
  formsPostToSelf?: boolean;
  /** The shop's colour for buttons and accents, and the origin its logo may load from. */
  brand?: Brand;
}): Page {
  const nonce = randomBytes(16).toString('base64');
  const inline = (options.scripts ?? []).map((script) => `<script nonce="${nonce}">${script}</script>`);
  const external = (options.externalScripts ?? []).map(
    (script) => `<script async nonce="${nonce}" src="${escapeHtml(script.src)}" data-site="${escapeHtml(script.dataSite)}"></script>`,
  );
  const scripts = [...inline, ...external].join('');
  const scriptSrc = options.scripts ? `'self' 'nonce-${nonce}'` : `'none'`;
  const colours = brandColours(options.brand);
  // The widget's own custom properties too, so an offer page's share panel wears the same colour.
  const brandStyle = `:root{--brand:${colours.brand};--brand-text:${colours.brandText}}vouch-widget{--vouch-brand:${colours.brand};--vouch-brand-text:${colours.brandText}}`;
  const logoSource = options.brand?.logo_url ? ` ${new URL(options.brand.logo_url).origin}` : '';
  const html = `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(options.title)}</title><style nonce="${nonce}">${brandStyle}${STYLE}</style></head><body>${options.body}${scripts}</body></html>`;
  return {
    html,
    headers: {
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src ${scriptSrc}; connect-src 'self'; img-src 'self' data:${logoSource}; base-uri 'none'; form-action ${options.formsPostToSelf ? "'self'" : "'none'"}; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cache-Control': 'no-store',
    },
  };
}

/** The shop's logo at the top of a page, named by the shop's name for screen readers; nothing without one. */
export function brandLogo(brand: Brand | undefined, shopName: string): string {
  return brand?.logo_url ? `<img class="logo" src="${escapeHtml(brand.logo_url)}" alt="${escapeHtml(shopName)}">` : '';
}
