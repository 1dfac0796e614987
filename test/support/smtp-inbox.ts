import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the inbox accepted: the parsed mail and who the envelope named. */
export interface ReceivedMail {
  to: string[];
  from: string;
  mail: ParsedMail;
  receivedAt: number;
}

/** An SMTP reply the inbox gives instead of accepting a recipient. */
export interface Refusal {
  code: number;
  message: string;
}

/**
 * A real SMTP server for tests, on loopback: it parses what it accepts, can refuse the next
 * recipients with a planned reply (4xx, 5xx), and can go down and come back on the same port.
 */
export class SmtpInbox {
  readonly received: ReceivedMail[] = [];
  /** Every RCPT TO seen, accepted or not. */
  readonly attempts: { to: string; at: number; refusedWith: number | null }[] = [];
  private readonly refusals: Refusal[] = [];
  private server: SMTPServer | null = null;
  private port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Starts (or restarts, on the same port) the server. */
  async up(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // A reverse DNS lookup of the client tells a test nothing and may wait on a resolver.
      disableReverseLookup: true,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refusals.shift();
        this.attempts.push({ to: address.address, at: Date.now(), refusedWith: refusal?.code ?? null });
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              mail,
              receivedAt: Date.now(),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening (connections are refused until up() again). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Refuses the next recipients, one reply each, in order. */
  refuse(...replies: Refusal[]): void {
    this.refusals.push(...replies);
  }

  /** The messages once at least `count` have arrived. */
  async waitForMessages(count: number, timeoutInMs = 5000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutInMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} messages within ${timeoutInMs} ms, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }

  /** The first message to an address, once it has arrived. */
  async waitForMessageTo(email: string, timeoutInMs = 5000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutInMs;
    for (;;) {
      const message = this.to(email);
      if (message) return message;
      if (Date.now() > deadline) throw new Error(`no message to ${email} within ${timeoutInMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The message sent to one address. */
  to(email: string): ReceivedMail | undefined {
    return this.received.find((message) => message.to.includes(email));
  }
}

/** A started inbox. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const inbox = new SmtpInbox();
  await inbox.up();
  return inbox;
}
