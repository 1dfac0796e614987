import type { Brand } from '../config/brand.schema';
import { escapeHtml } from '../html-escape';
import { mailButton, mailFooterHtml, mailGreeting, mailHeading, mailHtml, mailTextFooter, subjectLine } from './mail-layout';

/**
 * What the advocate's invite says. Every sentence is Vouch's fixed wording in the site's
 * language; the only words filled in are the merchant's (the shop's name, both rewards'
 * descriptions) and the advocate's first name when the merchant's server gave it.
 */
export interface AdvocateInviteContent {
  locale: 'en' | 'fr';
  siteName: string;
  firstName: string | null;
  /** The friend reward's incentive_description ("$10 off"). */
  friendReward: string;
  /** The advocate reward's incentive_description ("$10 back"). */
  advocateReward: string;
  /** The advocate's link to pass on (their offer's claim link). */
  shareUrl: string;
  /** Their offer's page, where they share by email or on a network. */
  offerUrl: string;
  /** Their dashboard: their referrals and rewards. */
  dashboardUrl: string;
  unsubscribeUrl: string;
  brand: Brand | undefined;
}

const WORDS = {
  en: {
    subject: (shop: string, reward: string) => `Give your friends ${reward} at ${shop}`,
    greeting: (name: string | null) => (name ? `Hi ${name},` : 'Hello,'),
    heading: (friend: string, advocate: string) => `Give ${friend}, get ${advocate}`,
    body: (shop: string, friend: string, advocate: string) =>
      `Thank you for your order at ${shop}. Share your link with friends: they get ${friend}, and you get ${advocate} when they order.`,
    link: 'Your link:',
    button: 'Share with friends',
    dashboard: 'See your referrals',
    footer: (shop: string) => `You got this email because you ordered from ${shop}. It is the only one about your link.`,
    stop: 'Stop emails to this address',
  },
  fr: {
    subject: (shop: string, reward: string) => `Offrez ${reward} à vos amis chez ${shop}`,
    greeting: (name: string | null) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    heading: (friend: string, advocate: string) => `Offrez ${friend}, recevez ${advocate}`,
    body: (shop: string, friend: string, advocate: string) =>
      `Merci pour votre commande chez ${shop}. Partagez votre lien avec vos amis : ils reçoivent ${friend}, et vous recevez ${advocate} quand ils commandent.`,
    link: 'Votre lien :',
    button: 'Partager avec vos amis',
    dashboard: 'Voir vos parrainages',
    footer: (shop: string) => `Vous recevez cet e-mail parce que vous avez commandé chez ${shop}. C’est le seul au sujet de votre lien.`,
    stop: 'Ne plus recevoir d’e-mails à cette adresse',
  },
} as const;

/** Renders the advocate's invite: subject, plain-text and HTML parts, in the site's language. */
export function renderAdvocateInvite(content: AdvocateInviteContent): { subject: string; text: string; html: string } {
  const words = WORDS[content.locale];
  const heading = words.heading(content.friendReward, content.advocateReward);
  const body = words.body(content.siteName, content.friendReward, content.advocateReward);
  const text = [
    words.greeting(content.firstName),
    '',
    heading,
    body,
    '',
    words.link,
    content.shareUrl,
    '',
    `${words.button}: ${content.offerUrl}`,
    `${words.dashboard}: ${content.dashboardUrl}`,
    '',
    ...mailTextFooter(words.footer(content.siteName), words.stop, content.unsubscribeUrl),
  ].join('\n');
  const html = mailHtml({
    siteName: content.siteName,
    brand: content.brand,
    lang: content.locale,
    rows: [
      mailGreeting(words.greeting(content.firstName)),
      mailHeading(heading),
      `<tr><td style="line-height:1.5;padding-bottom:20px">${escapeHtml(body)}</td></tr>`,
      `<tr><td style="line-height:1.5;padding-bottom:20px">${escapeHtml(words.link)}<br><a href="${escapeHtml(content.shareUrl)}" style="display:inline-block;margin-top:8px;font:600 16px ui-monospace,monospace;color:#1f2937;border:2px dashed #9ca3af;border-radius:8px;padding:8px 16px;word-break:break-all">${escapeHtml(content.shareUrl)}</a></td></tr>`,
      mailButton(content.offerUrl, words.button, content.brand),
      `<tr><td style="padding-top:16px"><a href="${escapeHtml(content.dashboardUrl)}" style="color:#1f2937">${escapeHtml(words.dashboard)}</a></td></tr>`,
    ],
    footerHtml: mailFooterHtml(words.footer(content.siteName), words.stop, content.unsubscribeUrl),
  });
  return { subject: subjectLine(words.subject(content.siteName, content.friendReward)), text, html };
}
