import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the sink received. */
export interface SinkMessage {
  id: number;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
  receivedAt: Date;
}

const MAX_MESSAGES = 500;
const MAX_MESSAGE_IN_BYTES = 1024 * 1024;

/**
 * A local SMTP server that accepts every message and keeps it for the demo's inbox page, so QA
 * can open the friend's invite without a real mail account. Listens on loopback only.
 */
export class MailSink {
  readonly messages: SinkMessage[] = [];
  private nextId = 1;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_IN_BYTES,
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          this.messages.unshift({
            id: this.nextId++,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: mail.subject ?? '(no subject)',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : null,
            receivedAt: new Date(),
          });
          this.messages.length = Math.min(this.messages.length, MAX_MESSAGES);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  /** Starts listening; resolves with the port. */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.server.address() as AddressInfo).port));
    });
  }

  find(id: number): SinkMessage | undefined {
    return this.messages.find((message) => message.id === id);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
