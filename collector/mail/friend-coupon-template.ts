import type { Brand } from '../config/brand.schema';
import { escapeHtml } from '../html-escape';
import { mailButton, mailCouponCode, mailFooterHtml, mailHeading, mailHtml, mailTextFooter, subjectLine } from './mail-layout';

/**
 * What the friend's coupon email says. Every sentence is Vouch's fixed wording in the site's
 * language; the only words filled in are the merchant's: the shop's name and the friend
 * reward's description. Nothing the advocate typed is repeated.
 */
export interface FriendCouponContent {
  locale: 'en' | 'fr';
  siteName: string;
  /** The friend reward's incentive_description ("$10 off your first order"). */
  reward: string;
  couponCode: string;
  couponExpiresAt: string | null;
  /** Where the friend goes on to the shop (the claim link's destination, the code applied). */
  shopUrl: string;
  unsubscribeUrl: string;
  brand: Brand | undefined;
}

const WORDS = {
  en: {
    subject: (shop: string, reward: string) => `Your ${reward} at ${shop}`,
    heading: (reward: string) => `Here is your ${reward}`,
    body: (shop: string) => `You opened a friend's invitation to ${shop}. Keep this code for your order:`,
    useBy: (day: string) => `Use it by ${day}.`,
    button: (shop: string) => `Shop at ${shop}`,
    footer: (shop: string) => `You got this email because you opened a friend's invitation to ${shop}.`,
    stop: 'Stop emails to this address',
  },
  fr: {
    subject: (shop: string, reward: string) => `Votre ${reward} chez ${shop}`,
    heading: (reward: string) => `Voici votre ${reward}`,
    body: (shop: string) => `Vous avez ouvert l’invitation d’un ami chez ${shop}. Gardez ce code pour votre commande :`,
    useBy: (day: string) => `À utiliser avant le ${day}.`,
    button: (shop: string) => `Aller chez ${shop}`,
    footer: (shop: string) => `Vous recevez cet e-mail parce que vous avez ouvert l’invitation d’un ami chez ${shop}.`,
    stop: 'Ne plus recevoir d’e-mails à cette adresse',
  },
} as const;

/** Renders the friend's coupon email: subject, plain-text and HTML parts, in the site's language. */
export function renderFriendCoupon(content: FriendCouponContent): { subject: string; text: string; html: string } {
  const words = WORDS[content.locale];
  const day = content.couponExpiresAt ? new Intl.DateTimeFormat(content.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(content.couponExpiresAt)) : null;
  const heading = words.heading(content.reward);
  const text = [
    heading,
    '',
    words.body(content.siteName),
    content.couponCode,
    ...(day ? [words.useBy(day)] : []),
    '',
    content.shopUrl,
    '',
    ...mailTextFooter(words.footer(content.siteName), words.stop, content.unsubscribeUrl),
  ].join('\n');
  const html = mailHtml({
    siteName: content.siteName,
    brand: content.brand,
    lang: content.locale,
    rows: [
      mailHeading(heading),
      `<tr><td style="line-height:1.5;padding-bottom:20px">${escapeHtml(words.body(content.siteName))}<br>${mailCouponCode(content.couponCode)}${day ? `<br>${escapeHtml(words.useBy(day))}` : ''}</td></tr>`,
      mailButton(content.shopUrl, words.button(content.siteName), content.brand),
    ],
    footerHtml: mailFooterHtml(words.footer(content.siteName), words.stop, content.unsubscribeUrl),
  });
  return { subject: subjectLine(words.subject(content.siteName, content.reward)), text, html };
}
