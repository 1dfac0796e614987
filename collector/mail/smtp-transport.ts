import type nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { lazyPackage } from '../lazy-package';

/** nodemailer, loaded with the first mail sent (a collector without mail settings never needs it). */
const loadNodemailer = lazyPackage<typeof nodemailer>('nodemailer');

/** How long an SMTP server may take to accept the connection or greet: well under the outbox lease. */
const SMTP_CONNECT_TIMEOUT_IN_MS = 15_000;
/** How long the connection may stay silent once open. */
const SMTP_SOCKET_TIMEOUT_IN_MS = 30_000;

/** One mail as the SMTP server is handed it. */
export interface OutgoingMail {
  from: string | { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** What the SMTP server answered to an accepted mail. */
export interface SmtpAnswer {
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4F3A". */
  response: string;
}

/** Sends mail to SMTP servers named by URL (one transport per URL, made on first use). */
export interface SmtpTransports {
  send(smtpUrl: string, mail: OutgoingMail): Promise<SmtpAnswer>;
  close(): void;
}

/**
 * The nodemailer transports the mail handler sends through. Not pooled: invites come in small
 * bursts, and a fresh connection per mail means an SMTP server that restarts is simply reached
 * again on the next attempt.
 */
export function smtpTransports(): SmtpTransports {
  const transports = new Map<string, Transporter>();
  return {
    send: async (smtpUrl, mail) => {
      let transport = transports.get(smtpUrl);
      if (!transport) {
        transport = loadNodemailer().createTransport({
          url: smtpUrl,
          connectionTimeout: SMTP_CONNECT_TIMEOUT_IN_MS,
          greetingTimeout: SMTP_CONNECT_TIMEOUT_IN_MS,
          socketTimeout: SMTP_SOCKET_TIMEOUT_IN_MS,
        });
        transports.set(smtpUrl, transport);
      }
      const info = await transport.sendMail(mail);
      return { response: String(info.response ?? '') };
    },
    close: () => {
      for (const transport of transports.values()) transport.close();
      transports.clear();
    },
  };
}

/** An SMTP URL without its user and password: what attempts and logs may show. */
export function smtpTarget(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}
