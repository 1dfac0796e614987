import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, and what it answered. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** 0 while the request is held unanswered (see neverAnswer). */
  answeredStatus: number;
}

/** How the receiver answers one request: a status, or a status with headers and a body. */
export type PlannedAnswer = number | { status: number; headers?: Record<string, string>; body?: string };

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Answers for the next requests, in order; after them every request gets 204. */
  plan(...answers: PlannedAnswer[]): void;
  /** From now on holds every request open without an answer, like a hung endpoint, until close(). */
  neverAnswer(): void;
  /** Resolves once `count` requests arrived with a 2xx answer; rejects after timeoutInMs. */
  waitForDelivered(count?: number, timeoutInMs?: number): Promise<ReceivedWebhook[]>;
  /** Resolves once `count` requests arrived, whatever they were answered. */
  waitForRequests(count: number, timeoutInMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP server on an ephemeral port of 127.0.0.1 standing in for the merchant's web hook endpoint. */
export async function startWebhookReceiver(path = '/webhooks/vouch'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const planned: PlannedAnswer[] = [];
  let hung = false;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (hung) {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now(), answeredStatus: 0 });
        return;
      }
      const next = planned.shift() ?? 204;
      const answer = typeof next === 'number' ? { status: next } : next;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now(), answeredStatus: answer.status });
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const waitUntil = async (test: () => boolean, what: string, timeoutInMs: number) => {
    const deadline = Date.now() + timeoutInMs;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`web hook receiver: ${what} not seen within ${timeoutInMs} ms (got ${received.length} requests)`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const delivered = () => received.filter((request) => request.answeredStatus >= 200 && request.answeredStatus < 300);
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    received,
    plan: (...answers) => planned.push(...answers),
    neverAnswer: () => {
      hung = true;
    },
    waitForDelivered: async (count = 1, timeoutInMs = 5000) => {
      await waitUntil(() => delivered().length >= count, `${count} delivered`, timeoutInMs);
      return delivered();
    },
    waitForRequests: async (count, timeoutInMs = 5000) => {
      await waitUntil(() => received.length >= count, `${count} requests`, timeoutInMs);
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
