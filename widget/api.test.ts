import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './api';
import { offerView } from './test-support/fake-api';

// A real HTTP server on an ephemeral port answering what a broken or hostile collector might.
let server: Server;
let base: string;
const bodies: string[] = [];
const answers: Record<string, (send: (status: number, body: string, headers?: Record<string, string>) => void) => void> = {
  '/api/v2/offers/good?site_slug=my-store': (send) => send(200, JSON.stringify({ ok: true, result: offerView() })),
  '/api/v2/offers/html?site_slug=my-store': (send) => send(200, '<html>oops</html>'),
  '/api/v2/offers/shape?site_slug=my-store': (send) => send(200, JSON.stringify({ ok: true, result: { offer: { claim_url: 'javascript:alert(1)' } } })),
  '/api/v2/offers/slow?site_slug=my-store': () => {},
  '/api/v2/offers/good/shares/email': (send) =>
    send(429, JSON.stringify({ ok: false, error_message: 'too many shares', errors: [] }), { 'Retry-After': '30' }),
  '/api/v2/origins': (send) =>
    send(422, JSON.stringify({ ok: false, error_message: 'data.email is invalid', errors: [{ field: 'data.email', message: 'is invalid' }], code: 'invalid_field' })),
};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      // happy-dom preflights even "simple" requests; a real browser does not (the browser suite checks that).
      if (request.method === 'OPTIONS') return response.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' }).end();
      bodies.push(`${request.headers['content-type']} ${body}`);
      answers[request.url!]?.((status, text, headers) => response.writeHead(status, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After', ...headers }).end(text));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/widget/loader.js`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('the collector API client', () => {
  it('reads an offer', async () => {
    expect(await createApi(base, 'my-store').getOffer('good')).toEqual(offerView());
  });

  it('sends bodies as JSON under text/plain, so browsers need no preflight', async () => {
    await createApi(base, 'my-store').createOrigin('Purchase', { email: 'x' }).catch(() => {});
    expect(bodies.at(-1)).toBe('text/plain;charset=UTF-8 {"site_slug":"my-store","type":"Purchase","data":{"email":"x"}}');
  });

  it("turns a rejection into an error naming the fields and the collector's reason", async () => {
    await expect(createApi(base, 'my-store').createOrigin('Purchase', {})).rejects.toMatchObject({
      code: 'rejected',
      reason: 'invalid_field',
      status: 422,
      message: 'data.email is invalid',
      errors: [{ field: 'data.email', message: 'is invalid' }],
    });
  });

  it('keeps the wait a 429 asks for', async () => {
    await expect(createApi(base, 'my-store').shareByEmail('good', { recipients: 'a@b.co' })).rejects.toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });

  it('treats garbage and wrong shapes as bad answers', async () => {
    await expect(createApi(base, 'my-store').getOffer('html')).rejects.toMatchObject({ code: 'bad_response' });
    await expect(createApi(base, 'my-store').getOffer('shape')).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('reports a collector that is down', async () => {
    await expect(createApi('http://127.0.0.1:9/widget/loader.js', 'my-store').getOffer('good')).rejects.toMatchObject({ code: 'network' });
  });
});
