import type { Brand } from '../config/brand.schema';
import { escapeHtml } from '../html-escape';
import { mailButton, mailCouponCode, mailFooterHtml, mailGreeting, mailHeading, mailHtml, mailTextFooter, subjectLine } from './mail-layout';

/**
 * What a reward notice says. Every sentence is Vouch's fixed wording in the site's language;
 * the only words filled in are the merchant's (the shop's name, the reward's description) and
 * the advocate's first name when the merchant's server gave it.
 */
export interface RewardNoticeContent {
  locale: 'en' | 'fr';
  siteName: string;
  /** The first name the merchant's server vouched for, or null (the greeting is then plain). */
  firstName: string | null;
  /** The reward's incentive_description, as the merchant wrote it ("$10 back"). */
  description: string;
  /** A percentage reward's computed amount, in the shop's currency; null when the description says it all. */
  computedAmount: number | null;
  couponCode: string | null;
  couponExpiresAt: string | null;
  /** Where the advocate may go on to the shop. */
  shopUrl: string;
  unsubscribeUrl: string;
  brand: Brand | undefined;
}

const WORDS = {
  en: {
    subject: (shop: string, reward: string) => `Your reward from ${shop}: ${reward}`,
    greeting: (name: string | null) => (name ? `Hi ${name},` : 'Hello,'),
    heading: (reward: string) => `Thank you! Your referral earned you ${reward}`,
    thanks: (shop: string) => `A friend you told about ${shop} came along, and your reward is approved.`,
    amount: 'Amount: ',
    code: 'Your code, applied at checkout:',
    useBy: (day: string) => `Use it by ${day}.`,
    button: (shop: string) => `Shop at ${shop}`,
    footer: (shop: string) => `You got this email because you referred a friend to ${shop}.`,
    stop: 'Stop emails to this address',
  },
  fr: {
    subject: (shop: string, reward: string) => `Votre récompense de ${shop} : ${reward}`,
    greeting: (name: string | null) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    heading: (reward: string) => `Merci ! Votre parrainage vous a rapporté ${reward}`,
    thanks: (shop: string) => `Un ami à qui vous avez parlé de ${shop} est venu, et votre récompense est validée.`,
    amount: 'Montant : ',
    code: 'Votre code, à saisir au paiement :',
    useBy: (day: string) => `À utiliser avant le ${day}.`,
    button: (shop: string) => `Aller chez ${shop}`,
    footer: (shop: string) => `Vous recevez cet e-mail parce que vous avez parrainé un ami chez ${shop}.`,
    stop: 'Ne plus recevoir d’e-mails à cette adresse',
  },
} as const;

/** Renders the reward notice's subject, plain-text and HTML parts, in the site's language. */
export function renderRewardNotice(content: RewardNoticeContent): { subject: string; text: string; html: string } {
  const words = WORDS[content.locale];
  const day = content.couponExpiresAt ? new Intl.DateTimeFormat(content.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(content.couponExpiresAt)) : null;
  const amount = content.computedAmount === null ? null : new Intl.NumberFormat(content.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(content.computedAmount);
  const heading = words.heading(content.description);

  const text = [
    words.greeting(content.firstName),
    '',
    heading,
    words.thanks(content.siteName),
    ...(amount ? [`${words.amount}${amount}`] : []),
    ...(content.couponCode ? ['', words.code, content.couponCode, ...(day ? [words.useBy(day)] : [])] : []),
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
      mailGreeting(words.greeting(content.firstName)),
      mailHeading(heading),
      `<tr><td style="line-height:1.5;padding-bottom:20px">${escapeHtml(words.thanks(content.siteName))}${amount ? `<br>${escapeHtml(words.amount)}<strong>${escapeHtml(amount)}</strong>` : ''}</td></tr>`,
      content.couponCode
        ? `<tr><td style="line-height:1.5;padding-bottom:20px">${escapeHtml(words.code)}<br>${mailCouponCode(content.couponCode)}${day ? `<br>${escapeHtml(words.useBy(day))}` : ''}</td></tr>`
        : '',
      mailButton(content.shopUrl, words.button(content.siteName), content.brand),
    ],
    footerHtml: mailFooterHtml(words.footer(content.siteName), words.stop, content.unsubscribeUrl),
  });
  return { subject: subjectLine(words.subject(content.siteName, content.description)), text, html };
}

