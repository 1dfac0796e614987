import fc from 'fast-check';
import { afterAll, describe, expect } from 'vitest';
import { hostileFromSchema, RAW_HOSTILE_BODIES } from '../support/schema-arbitrary';
import { purchase } from '../support/collector';
import { collectorTest } from '../support/collector-fixture';

let tried = 0;
let serverErrors = 0;
const RUNS_PER_OPERATION = 60;
const CONSUMER_KEY = 'ck_hostile_input';
const CONSUMER_SECRET = 'cs_hostile_input_secret';
/** The Reverb-shaped /api/v1 takes HTTP Basic consumer credentials and answers in Reverb's envelope. */
const isReverb = (path: string) => path.startsWith('/api/v1/');

/** A collector without public rate limits (thousands of calls) and a real offer code to aim at. */
const it = collectorTest({ publicRateLimits: false, site: { consumer_key: CONSUMER_KEY, consumer_secret: CONSUMER_SECRET } }).extend(
  'offerCode',
  { scope: 'file' },
  async ({ collector }) => {
    const created = await collector.post('/api/v2/origins', purchase(collector, { email: 'ann@example.com', order_number: 'A-1', subtotal: 1 }));
    return created.body.result.offer.short_url_code as string;
  },
);
afterAll(() => {
  console.log(`hostile input: ${tried} requests tried, 5xx = ${serverErrors}`);
});

/** Sends one request and checks the answer is a 2xx or a JSON 4xx naming a field. */
async function expectHandled(collectorUrl: string, method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string>) {
  tried += 1;
  const response = await fetch(`${collectorUrl}${path}`, { method, headers, body: body as BodyInit | undefined, redirect: 'manual' });
  const text = await response.text();
  if (response.status >= 500) serverErrors += 1;
  expect(response.status, `${method} ${path.slice(0, 200)} ${String(body).slice(0, 200)} → ${text.slice(0, 300)}`).toBeLessThan(500);
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path.slice(0, 200)} → ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  // A URL or headers over 16 KB are refused by Node before any route (start-collector.ts), in the Talkable shape.
  if (isReverb(path) && response.status !== 431) {
    expect(json.response.code).toBe(String(response.status));
    if (response.status >= 400) json = { errors: json.response.errors };
  } else if (response.status >= 400) {
    expect(json.ok).toBe(false);
  } else {
    expect(json.ok).toBe(true);
  }
  if (response.status >= 400) {
    expect(json.errors.length).toBeGreaterThan(0);
    for (const error of json.errors) expect(typeof error.field).toBe('string');
  }
}

function basic(): string {
  return `Basic ${Buffer.from(`${CONSUMER_KEY}:${CONSUMER_SECRET}`).toString('base64')}`;
}

describe('hostile input to every API operation', () => {
  it('never answers 5xx to bodies and queries generated from each operation schema', async ({ collector, offerCode }) => {
    const document = (await collector.get('/api/openapi.json')).body;
    const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(4);
    for (const { path, method, operation } of operations) {
      const concretePath = path.replace(/\{[^}]+\}/g, () => offerCode);
      const bodySchema = operation.requestBody?.content['application/json'].schema;
      const querySchema = {
        type: 'object',
        properties: Object.fromEntries((operation.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => [p.name, p.schema])),
      };
      const result = await fc.check(
        fc.asyncProperty(
          bodySchema ? hostileFromSchema(bodySchema) : fc.constant(undefined),
          hostileFromSchema(querySchema),
          fc.boolean(),
          fc.constantFrom(offerCode, 'zz', '%00', '..%2F..', 'x'.repeat(300)),
          async (body, query, withKey, pathParam) => {
            const params = new URLSearchParams();
            if (query && typeof query === 'object' && !Array.isArray(query)) {
              for (const [key, value] of Object.entries(query)) params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
            }
            const url = `${path.replace(/\{[^}]+\}/g, () => pathParam)}${params.size ? `?${params}` : ''}`;
            // A fresh connection each time: a server may close one after refusing a body it did not read.
            const headers: Record<string, string> = { 'content-type': 'application/json', connection: 'close' };
            if (withKey) headers.authorization = isReverb(path) ? basic() : `Bearer ${collector.apiKey}`;
            await expectHandled(collector.url, method, url, body === undefined ? undefined : JSON.stringify(body), headers);
          },
        ),
        { numRuns: RUNS_PER_OPERATION },
      );
      // fast-check's own report prints whole counterexamples (some are 100 KB strings): keep it readable.
      if (result.failed) throw new Error(`${method} ${path}: ${String(result.errorInstance).slice(0, 1500)}`);
      // Raw bodies no encoder would produce.
      if (bodySchema) {
        for (const raw of RAW_HOSTILE_BODIES) {
          const authorization = isReverb(path) ? basic() : `Bearer ${collector.apiKey}`;
          await expectHandled(collector.url, method, concretePath, raw.body, { 'content-type': raw.contentType, authorization, connection: 'close' });
        }
      }
    }
    expect(serverErrors).toBe(0);
    // The process is still up and the store usable.
    expect((await collector.get('/healthz')).status).toBe(200);
  }, 120_000);
});
