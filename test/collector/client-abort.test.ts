import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../collector/logger';
import { startCollector, type TestCollector } from '../support/collector';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line, as the collector would have written it. */
function capturingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const keep = (level: LogLine['level']) => (message: string, fields: Record<string, unknown> = {}) => lines.push({ level, message, fields });
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.cleanup();
  collector = undefined;
});

/** Sends the headers of a POST announcing `announced` bytes, then `sent` bytes, then hangs up. */
async function abandonPost(url: string, path: string, announced: number, sent: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {
    // The collector may reset the half-sent request; hanging up is the point.
  });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${announced}\r\n\r\n${'{'.padEnd(sent, ' ')}`);
  // Let the collector start on the request before the client goes.
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
}

/** Lines about one request path (the request line, errors naming it). */
const about = (logger: { lines: LogLine[] }, path: string) => logger.lines.filter((line) => line.fields.path === path);

async function until(test: () => boolean, what: string, timeoutInMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Routes that read a JSON body: the widget's and the shop server's busiest. */
const ABANDONED_PATHS = ['/api/v2/origins', '/api/v2/offers/NOSUCH01/shares/social', '/api/v2/offers/NOSUCH01/shares/email'];

describe('a client that hangs up in the middle of its body', () => {
  it('is logged as one short line, not as an error with a stack, and never counted as a 500', async () => {
    const logger = capturingLogger();
    collector = await startCollector({ logger });
    for (const path of ABANDONED_PATHS) {
      await abandonPost(collector.url, path, 1000, 10);
      await until(() => about(logger, path).length > 0, `a log line for ${path}`);
    }
    // A request after them is served and logged as usual (and every abandoned one has been logged by then).
    expect((await collector.get('/healthz')).status).toBe(200);
    await until(() => about(logger, '/healthz').length > 0, 'the health check line');

    for (const path of ABANDONED_PATHS) {
      const lines = about(logger, path);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: expect.stringMatching(/^(info|warn)$/), message: 'client closed the request' });
      expect(lines[0]!.fields).not.toHaveProperty('stack');
      expect(lines[0]!.fields.status).not.toBe(500);
    }
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(logger.lines.filter((line) => 'stack' in line.fields)).toEqual([]);
  });

  it('logs a client cut off by the request timeout as one short line too, and the route gives up waiting for its body', async () => {
    const logger = capturingLogger();
    collector = await startCollector({ logger, http: { headersTimeoutInMs: 200, requestTimeoutInMs: 300 } });
    const { hostname, port } = new URL(collector.url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => {});
    // Read (and drop) the 408, so that the collector closing the connection is seen.
    socket.resume();
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/v2/origins HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await until(() => about(logger, '/api/v2/origins').length > 0, 'a log line for the request');
    expect((await collector.get('/healthz')).status).toBe(200);
    await until(() => about(logger, '/healthz').length > 0, 'the health check line');

    expect(about(logger, '/api/v2/origins')).toEqual([expect.objectContaining({ level: 'info', message: 'request timed out' })]);
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
