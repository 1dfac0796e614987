import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The shop platforms cannot run here (Shopify and Stripe are hosted services; a WooCommerce store
 * is WordPress and PHP): each is stood in for by a local HTTP server that checks every request
 * against the platform's documented shape and answers the way the platform documents. This is
 * what the three stand-ins share.
 */

/** One request as a stand-in received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What a stand-in answers: status, headers and a body (JSON is serialised). */
export interface StandInAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface PlatformStandIn {
  /** The base URL to configure as the connector's admin_url / store_url / api_url. */
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Ways a request departed from the documented shape; a test expects none. */
  problems: string[];
  /** Answers the next `count` requests with this (an outage: 503, 429 with Retry-After…) instead of handling them. */
  failNext(count: number, answer: StandInAnswer): void;
  /** Ends a scripted outage: the next requests are handled again. */
  recover(): void;
  close(): Promise<void>;
}

/**
 * Starts a stand-in on an ephemeral port: `handle` checks one request (pushing what is wrong onto
 * `problems`) and answers it as the platform would, unless an outage was scripted with failNext.
 */
export async function startPlatformStandIn(handle: (request: ReceivedRequest, problems: string[]) => StandInAnswer): Promise<PlatformStandIn> {
  const requests: ReceivedRequest[] = [];
  const problems: string[] = [];
  const outages: StandInAnswer[] = [];
  const server = http.createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      let answer: StandInAnswer;
      try {
        answer = outages.shift() ?? handle(request, problems);
      } catch (error) {
        problems.push(`stand-in could not read the request: ${String(error)}`);
        answer = { status: 400, body: { error: String(error) } };
      }
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    failNext: (count, answer) => {
      for (let index = 0; index < count; index++) outages.push(answer);
    },
    recover: () => {
      outages.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Records a problem when `value` holds keys outside the documented ones. */
export function checkKnownKeys(where: string, value: Record<string, unknown>, known: readonly string[], problems: string[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(`${where}: ${key} is not a documented field`);
}

/** Whether a string is an ISO 8601 date-time. */
export function isIsoDateTime(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value) && Number.isFinite(Date.parse(value));
}
