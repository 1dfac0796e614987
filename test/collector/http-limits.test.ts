import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../support/collector';
import { processSite, spawnCollector, writeConfigFile } from '../support/collector-process';
import { createTestStore } from '../support/test-store';

let collector: TestCollector | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await collector?.cleanup();
  collector = undefined;
});

/** A raw connection to the collector, and what became of it. */
interface RawConnection {
  socket: Socket;
  /** Everything the collector sent. */
  received: () => string;
  /** Resolves with the milliseconds from `since` once the collector closed the connection; rejects after `timeoutInMs`. */
  closedAfter: (since: number, timeoutInMs: number) => Promise<number>;
}

async function open(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let data = '';
  let closedAt: number | undefined;
  socket.on('data', (chunk) => (data += chunk.toString('latin1')));
  socket.on('error', () => {
    // A reset is one way of being cut off; 'close' follows and is what the tests watch.
  });
  socket.on('close', () => (closedAt = Date.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => data,
    closedAfter: async (since, timeoutInMs) => {
      const deadline = Date.now() + timeoutInMs;
      while (closedAt === undefined) {
        if (Date.now() > deadline) throw new Error(`the collector kept the connection open for ${timeoutInMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return closedAt - since;
    },
  };
}

/** Writes one byte every `everyInMs` until the socket closes: a client too slow to ever finish. */
function dribble(socket: Socket, everyInMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write('a');
  }, everyInMs);
  socket.once('close', () => clearInterval(timer));
}

const HEADERS_TIMEOUT_IN_MS = 400;
const REQUEST_TIMEOUT_IN_MS = 800;
const KEEP_ALIVE_TIMEOUT_IN_MS = 300;
/** How late a cut-off may come: Node checks its timers on an interval, and the machine is shared. */
const SLACK_IN_MS = 1500;

describe('slow clients cannot hold sockets', () => {
  const limits = { headersTimeoutInMs: HEADERS_TIMEOUT_IN_MS, requestTimeoutInMs: REQUEST_TIMEOUT_IN_MS, keepAliveTimeoutInMs: KEEP_ALIVE_TIMEOUT_IN_MS };

  it('cuts off a client that sends its headers and then dribbles the body, after the request timeout, with a 408', async () => {
    collector = await startCollector({ http: limits });
    const connection = await open(collector.url);
    const started = Date.now();
    connection.socket.write(`POST /api/v2/origins HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    dribble(connection.socket, 50);
    const after = await connection.closedAfter(started, REQUEST_TIMEOUT_IN_MS + SLACK_IN_MS);
    console.log(`http limits: a dribbled body was cut off after ${after} ms (request timeout ${REQUEST_TIMEOUT_IN_MS} ms)`);
    expect(after).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_IN_MS - 50);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(connection.received().split('\r\n\r\n')[1]!)).toEqual({ ok: false, error_message: expect.any(String), errors: [{ field: 'request', message: 'too slow' }], code: 'request_timeout' });
  });

  it('cuts off a client that dribbles its headers, after the headers timeout', async () => {
    collector = await startCollector({ http: limits });
    const connection = await open(collector.url);
    const started = Date.now();
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    dribble(connection.socket, 50);
    const after = await connection.closedAfter(started, HEADERS_TIMEOUT_IN_MS + SLACK_IN_MS);
    expect(after).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_IN_MS - 50);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    collector = await startCollector({ http: limits });
    const connection = await open(collector.url);
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    while (!connection.received().includes('"ok":true')) await new Promise((resolve) => setTimeout(resolve, 10));
    const answeredAt = Date.now();
    // Node 20 closes a keep-alive socket a second after the timeout it is given.
    const after = await connection.closedAfter(answeredAt, KEEP_ALIVE_TIMEOUT_IN_MS + 1000 + SLACK_IN_MS);
    console.log(`http limits: an idle keep-alive connection was closed after ${after} ms (keep-alive timeout ${KEEP_ALIVE_TIMEOUT_IN_MS} ms)`);
    expect(after).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_IN_MS - 50);
  });
});

describe('the connection cap', () => {
  const MAX_CONNECTIONS = 5;

  it('closes connections past the cap at once, and serves again once the others are gone', async () => {
    collector = await startCollector({ http: { maxConnections: MAX_CONNECTIONS } });
    const holders = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open(collector!.url)));
    // Each holder is a slow client in the middle of its headers.
    for (const holder of holders) holder.socket.write('GET /healthz HTTP/1.1\r\n');

    const extra = await Promise.all(Array.from({ length: 3 }, () => open(collector!.url)));
    const started = Date.now();
    for (const connection of extra) connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    for (const connection of extra) {
      expect(await connection.closedAfter(started, 2000)).toBeLessThan(2000);
      expect(connection.received()).toBe('');
    }
    await expect(fetch(`${collector.url}/healthz`)).rejects.toThrow();

    for (const holder of holders) holder.socket.destroy();
    const deadline = Date.now() + 5000;
    let status: number | undefined;
    while (status !== 200 && Date.now() < deadline) {
      status = await fetch(`${collector.url}/healthz`).then((response) => response.status, () => undefined);
    }
    expect(status).toBe(200);
  });
});

describe('the limits are set through the environment', () => {
  it('applies HTTP_REQUEST_TIMEOUT_MS and HTTP_MAX_CONNECTIONS in the process merchants deploy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-http-limits-'));
    const store = await createTestStore(dir);
    const configPath = writeConfigFile(dir, { sites: [processSite('limits-shop', `sk_test_${randomBytes(12).toString('hex')}`)] });
    const deployed = await spawnCollector({
      databaseUrl: store.databaseUrl,
      configPath,
      env: { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_IN_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_IN_MS), HTTP_MAX_CONNECTIONS: '2' },
    });
    try {
      const slow = await open(deployed.url);
      const started = Date.now();
      slow.socket.write(`POST /api/v2/origins HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
      dribble(slow.socket, 50);
      const second = await open(deployed.url);
      second.socket.write('GET /healthz HTTP/1.1\r\n');
      const third = await open(deployed.url);
      expect(await third.closedAfter(Date.now(), 2000)).toBeLessThan(2000);
      expect(await slow.closedAfter(started, REQUEST_TIMEOUT_IN_MS + SLACK_IN_MS)).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_IN_MS - 50);
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
      second.socket.destroy();
      expect(deployed.lines.some((line) => line.includes('connection limit reached'))).toBe(true);
    } finally {
      await deployed.kill();
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
