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
