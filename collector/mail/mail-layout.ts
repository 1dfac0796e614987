import type { Brand } from '../config/brand.schema';
import { brandColours } from '../config/brand-colours';
import { escapeHtml } from '../html-escape';

/**
 * The HTML frame every mail Vouch sends shares: a white card on grey, the shop's logo on top
 * when it has one, table-built and inline-styled because mail clients keep no stylesheet.
 * `rows` are the card's `<tr>` rows, already escaped; the footer line comes last, small.
 */
export function mailHtml(options: { siteName: string; brand: Brand | undefined; rows: string[]; footerHtml: string; lang?: string }): string {
  const logo = options.brand?.logo_url
    ? `<tr><td style="padding-bottom:20px"><img src="${escapeHtml(options.brand.logo_url)}" alt="${escapeHtml(options.siteName)}" height="48" style="display:block;height:48px;width:auto;max-width:200px;border:0"></td></tr>\n`
    : '';
  return `<!doctype html><html${options.lang ? ` lang="${options.lang}"` : ''}><body style="margin:0;padding:24px;background:#f5f5f7;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2937">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;background:#ffffff;border-radius:16px;padding:32px 24px">
${logo}${options.rows.join('\n')}
<tr><td style="padding-top:24px;font-size:12px;color:#6b7280;line-height:1.5">${options.footerHtml}</td></tr>
</table></td></tr></table></body></html>`;
}

/** The mail's heading row. */
export function mailHeading(text: string): string {
  return `<tr><td style="font-size:22px;font-weight:700;line-height:1.3;padding-bottom:12px">${escapeHtml(text)}</td></tr>`;
}

/** A link drawn as a button in the shop's colour, its text white or black to keep 4.5:1. */
export function mailButton(href: string, label: string, brand: Brand | undefined): string {
  const colours = brandColours(brand);
  return `<tr><td><a href="${escapeHtml(href)}" style="display:inline-block;background:${colours.brand};color:${colours.brandText};text-decoration:none;font-weight:600;border-radius:10px;padding:14px 22px">${escapeHtml(label)}</a></td></tr>`;
}

/** A subject line: one line of text, whatever was filled into it (no header injection), at most 200 characters. */
export function subjectLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').slice(0, 200);
}

/** A coupon code drawn as a dashed ticket, easy to read and to copy. */
export function mailCouponCode(code: string): string {
  return `<span style="display:inline-block;margin-top:8px;font:600 18px ui-monospace,monospace;letter-spacing:.08em;border:2px dashed #9ca3af;border-radius:8px;padding:8px 16px">${escapeHtml(code)}</span>`;
}

/** The greeting row above the heading ("Hi Ann,"). */
export function mailGreeting(text: string): string {
  return `<tr><td style="line-height:1.5;padding-bottom:8px">${escapeHtml(text)}</td></tr>`;
}

/** The text part's last lines: a rule, why the mail came and where to stop them. */
export function mailTextFooter(reason: string, stopLabel: string, unsubscribeUrl: string): string[] {
  return ['—', `${reason} ${stopLabel}: ${unsubscribeUrl}`];
}

/** The footer line: why the mail came, and the unsubscribe link. */
export function mailFooterHtml(reason: string, stopLabel: string, unsubscribeUrl: string): string {
  return `${escapeHtml(reason)} <a href="${escapeHtml(unsubscribeUrl)}" style="color:#6b7280">${escapeHtml(stopLabel)}</a>.`;
}
