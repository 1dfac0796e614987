import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { SiteDirectory } from '../config/site-directory';
import { maskEmail, type Logger } from '../logger';
import type { DeliveryHandler, DeliveryResult } from '../outbox/delivery-worker';
import { suppressedAmong } from '../store/suppression.repository';
import type { Database, OutboxMessageRow } from '../store/tables';
import type { InviteMailPayload } from './invite-mail';
import { smtpTarget, type SmtpTransports } from './smtp-transport';

/** Longest SMTP reply kept with an attempt. */
const MAX_RESPONSE_EXCERPT_IN_CHARS = 500;

/** What the outbox records when no SMTP server is configured for the site. */
export const NO_SMTP_ERROR = 'skipped: no SMTP configured (set SMTP_URL, or smtp_url for the site); the invite was logged';

/**
 * What the shop said of a recipient before the mail goes (the Check Unsubscribe web hook):
 * "unchecked" when the site asks no one, "unknown" when the shop gave no usable answer.
 */
export type RecipientCheck =
  | { verdict: 'unchecked' }
  | { verdict: 'subscribed' | 'unsubscribed'; target: string; responseStatus: number; responseExcerpt: string }
  | { verdict: 'unknown'; target: string; responseStatus: number | null; responseExcerpt: string | null; error: string };

/**
 * The handler of kind "mail": sends the stored invite through the site's SMTP server. An
 * accepted mail is delivered; a permanent 5xx reply (a refused recipient, a mail the server
 * will never take) fails that invite for good; 4xx replies, connection errors and timeouts are
 * retried with the outbox's backoff. Authentication errors are retried too, even as 535: they
 * are the merchant's configuration, and the invites should go out once it is fixed.
 *
 * Before sending, a recipient on the site's suppression list (who unsubscribed since the share)
 * is not mailed: the message is suppressed. Then `checkRecipient` asks the shop (Check
 * Unsubscribe): "unsubscribed" suppresses the mail (and, through the done action, the address);
 * an unknown answer retries the mail like a failed send, so it never goes out unchecked and
 * fails once the retry window is over.
 */
export function mailHandler(config: {
  db: Kysely<Database>;
  sites: SiteDirectory;
  publicUrl: () => string;
  transports: SmtpTransports;
  logger: Logger;
  checkRecipient?: (site: Site, email: string) => Promise<RecipientCheck>;
}): DeliveryHandler {
  return async (message: OutboxMessageRow): Promise<DeliveryResult> => {
    const site = config.sites.byId(message.site_id);
    if (!site) return { outcome: 'retry', error: 'the site is no longer in the configuration' };
    const mail = JSON.parse(message.payload) as InviteMailPayload;
    if (!site.smtp_url) {
      // The collector's zero-configuration start: the developer can still follow the friend's link.
      config.logger.info('invite not sent: no SMTP configured', { site: site.site_slug, to: maskEmail(mail.to), claim_url: mail.claim_url });
      return { outcome: 'failed', error: NO_SMTP_ERROR };
    }
    if ((await suppressedAmong(config.db, site.id, [mail.to])).size > 0) {
      return { outcome: 'suppressed', error: "suppressed: the address is on the site's suppression list" };
    }
    const check = config.checkRecipient ? await config.checkRecipient(site, mail.to) : ({ verdict: 'unchecked' } as const);
    if (check.verdict === 'unknown') {
      const { target, responseStatus, responseExcerpt, error } = check;
      return { outcome: 'retry', target, responseStatus, responseExcerpt, error: `Check Unsubscribe: ${error}; the invite waits for an answer` };
    }
    if (check.verdict === 'unsubscribed') {
      const { target, responseStatus, responseExcerpt } = check;
      return { outcome: 'suppressed', target, responseStatus, responseExcerpt, error: 'suppressed: the shop answered Check Unsubscribe with unsubscribed: true' };
    }
    const target = smtpTarget(site.smtp_url);
    const from = site.mail_from ?? { name: site.name ?? site.site_slug, address: `no-reply@${new URL(config.publicUrl()).hostname}` };
    try {
      const answer = await config.transports.send(site.smtp_url, {
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.message_id,
        headers: {
          // RFC 8058: mail clients show an unsubscribe button that POSTs here, with no page to visit.
          'List-Unsubscribe': `<${mail.unsubscribe_url}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      return { outcome: 'delivered', target, responseStatus: replyCode(answer.response), responseExcerpt: excerpt(answer.response) };
    } catch (error) {
      const failure = error as Error & { code?: string; responseCode?: number; response?: string };
      const code = typeof failure.responseCode === 'number' ? failure.responseCode : null;
      const permanent = code !== null && code >= 500 && failure.code !== 'EAUTH';
      return {
        outcome: permanent ? 'failed' : 'retry',
        target,
        responseStatus: code,
        responseExcerpt: failure.response ? excerpt(failure.response) : null,
        error: `${permanent ? 'permanent SMTP failure' : 'SMTP'}: ${failure.message}`,
      };
    }
  };
}

function replyCode(response: string): number | null {
  const code = Number(/^\d{3}/.exec(response)?.[0]);
  return Number.isFinite(code) && code > 0 ? code : null;
}

function excerpt(response: string): string {
  return response.slice(0, MAX_RESPONSE_EXCERPT_IN_CHARS);
}
