import { escapeHtml } from '../html-escape';
import type { Brand } from '../config/brand.schema';
import { mailButton, mailHeading, mailHtml, subjectLine } from './mail-layout';

/** What an invite says: the shop's words with the advocate's own, filled into the site's template. */
export interface InviteContent {
  siteName: string;
  friendReward: string;
  advocateName: string | null;
  /** The advocate's personal note, as typed (it is escaped here). */
  message: string | null;
  /** The advocate's own subject line, if they wrote one. */
  subject: string | null;
  claimUrl: string;
  unsubscribeUrl: string;
  template: InviteTemplate;
  /** The shop's logo above the heading and its colour on the button; Vouch's indigo without one. */
  brand?: Brand;
}

/** The per-site template: placeholders {{advocate}}, {{shop}}, {{reward}}. */
export interface InviteTemplate {
  subject: string;
  heading: string;
  button: string;
}

export const DEFAULT_INVITE_TEMPLATE: InviteTemplate = {
  subject: '{{advocate}} sent you {{reward}} at {{shop}}',
  heading: '{{advocate}} thinks you will love {{shop}}',
  button: 'Claim {{reward}}',
};

export interface RenderedInvite {
  subject: string;
  text: string;
  html: string;
}

/**
 * Renders the invite's subject, plain-text and HTML parts. Everything the advocate typed is
 * escaped in the HTML part and stripped of line breaks in the subject (no header injection).
 */
export function renderInvite(content: InviteContent): RenderedInvite {
  const advocate = content.advocateName?.trim() || 'A friend';
  const fill = (template: string) =>
    template.replaceAll('{{advocate}}', advocate).replaceAll('{{shop}}', content.siteName).replaceAll('{{reward}}', content.friendReward);
  const subject = subjectLine(content.subject?.trim() || fill(content.template.subject));
  const heading = fill(content.template.heading);
  const button = fill(content.template.button);
  const message = content.message?.trim() || null;

  const text = [
    heading,
    '',
    ...(message ? [`${advocate} wrote: "${message}"`, ''] : []),
    `${content.siteName} is giving you ${content.friendReward}. Claim it here:`,
    content.claimUrl,
    '',
    '—',
    `You got this email because ${advocate} shared ${content.siteName} with you. Stop invites to this address: ${content.unsubscribeUrl}`,
  ].join('\n');

  const html = mailHtml({
    siteName: content.siteName,
    brand: content.brand,
    rows: [
      mailHeading(heading),
      message
        ? `<tr><td style="padding:12px 16px;background:#f3f4f6;border-radius:10px;font-style:italic;line-height:1.5">&ldquo;${escapeHtml(message).replace(/\n/g, '<br>')}&rdquo;<br><span style="font-style:normal;color:#4b5563">&mdash; ${escapeHtml(advocate)}</span></td></tr><tr><td style="height:16px"></td></tr>`
        : '',
      `<tr><td style="line-height:1.5;padding-bottom:20px">${escapeHtml(content.siteName)} is giving you <strong>${escapeHtml(content.friendReward)}</strong>.</td></tr>`,
      mailButton(content.claimUrl, button, content.brand),
    ],
    footerHtml: `You got this email because ${escapeHtml(advocate)} shared ${escapeHtml(content.siteName)} with you. <a href="${escapeHtml(content.unsubscribeUrl)}" style="color:#6b7280">Stop invites to this address</a>.`,
  });
  return { subject, text, html };
}

