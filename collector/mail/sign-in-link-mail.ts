import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import { escapeHtml } from '../html-escape';
import { insertEmailOnce } from '../store/outbox.repository';
import type { Database } from '../store/tables';
import { unsubscribeUrl, type InviteMailPayload } from './invite-mail';
import { mailButton, mailFooterHtml, mailHeading, mailHtml, mailTextFooter, subjectLine } from './mail-layout';

/** The event type of a dashboard sign-in mail in the outbox; its subject is the link, so each link is mailed once. */
export const SIGN_IN_LINK_EVENT = 'email.dashboard_sign_in';

/** Vouch's fixed wording: the only words filled in are the shop's name and how long the link lasts. */
const WORDS = {
  en: {
    subject: (shop: string) => `Your sign-in link for ${shop} referrals`,
    heading: 'See your referrals and rewards',
    body: (shop: string, minutes: number) => `Open this link to see your ${shop} referral link, your friends’ referrals and your rewards. It works once, for ${minutes} minutes.`,
    button: 'Open my referrals',
    footer: 'You got this email because someone asked for a sign-in link with this address. If it was not you, ignore it: nothing happens.',
    stop: 'Stop emails to this address',
  },
  fr: {
    subject: (shop: string) => `Votre lien de connexion aux parrainages ${shop}`,
    heading: 'Vos parrainages et récompenses',
    body: (shop: string, minutes: number) => `Ouvrez ce lien pour retrouver votre lien de parrainage ${shop}, les parrainages de vos amis et vos récompenses. Il fonctionne une fois, pendant ${minutes} minutes.`,
    button: 'Voir mes parrainages',
    footer: 'Vous recevez cet e-mail parce qu’un lien de connexion a été demandé avec cette adresse. Si ce n’était pas vous, ignorez-le : rien ne se passe.',
    stop: 'Ne plus recevoir d’e-mails à cette adresse',
  },
} as const;

/** Renders the sign-in mail's subject, plain-text and HTML parts, in the site's language. */
export function renderSignInLinkMail(site: Site, signInUrl: string, stopUrl: string, lifetimeInMinutes: number): { subject: string; text: string; html: string } {
  const words = WORDS[site.locale];
  const shop = site.name ?? site.site_slug;
  const text = [words.heading, '', words.body(shop, lifetimeInMinutes), '', signInUrl, '', ...mailTextFooter(words.footer, words.stop, stopUrl)].join('\n');
  const html = mailHtml({
    siteName: shop,
    brand: site.brand,
    lang: site.locale,
    rows: [
      mailHeading(words.heading),
      `<tr><td style="line-height:1.5;padding-bottom:20px">${escapeHtml(words.body(shop, lifetimeInMinutes))}</td></tr>`,
      mailButton(signInUrl, words.button, site.brand),
    ],
    footerHtml: mailFooterHtml(words.footer, words.stop, stopUrl),
  });
  return { subject: subjectLine(words.subject(shop)), text, html };
}

/** Writes the sign-in mail of one link to the outbox (in the caller's transaction); the mail handler skips a suppressed address. */
export async function enqueueSignInLinkMail(
  db: Kysely<Database>,
  site: Site,
  publicUrl: string,
  mail: { linkId: string; email: string; signInUrl: string; lifetimeInMinutes: number },
  now: Date,
): Promise<void> {
  const stopUrl = unsubscribeUrl(publicUrl, site, mail.email);
  const payload: InviteMailPayload = {
    to: mail.email,
    ...renderSignInLinkMail(site, mail.signInUrl, stopUrl, mail.lifetimeInMinutes),
    message_id: `<dashboard-sign-in-${mail.linkId}@${new URL(publicUrl).hostname}>`,
    claim_url: mail.signInUrl,
    unsubscribe_url: stopUrl,
  };
  await insertEmailOnce(db, { site_id: site.id, event_type: SIGN_IN_LINK_EVENT, subject_id: mail.linkId, payload: JSON.stringify(payload) }, now);
}
