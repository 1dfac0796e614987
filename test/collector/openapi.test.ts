import { describe, expect } from 'vitest';
import { createApp } from '../../collector/app';
import { silentLogger } from '../../collector/logger';
import { collectorTest } from '../support/collector-fixture';

const it = collectorTest();

/** A Hono path ("/api/v2/offers/:id") as OpenAPI writes it ("/api/v2/offers/{id}"). */
const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z_]+)/g, '{$1}');

/** Every operation of an OpenAPI document, as "METHOD /path". */
function documentedOperations(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
}

describe('GET /api/openapi.json', () => {
  it('describes every API route with the schema it validates with', async ({ collector }) => {
    const response = await collector.get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    // The routes the app registers under /api/ (middleware is method ALL), the document itself aside.
    const served = createApp(collector.running.services, silentLogger)
      .routes.filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/') && route.path !== '/api/openapi.json')
      .map((route) => `${route.method} ${openApiPath(route.path)}`);
    const documented = documentedOperations(document);
    expect(served).toContain('POST /api/v2/origins');
    expect(new Set(documented).size, 'each operation documented once').toBe(documented.length);
    expect([...new Set(served)].sort(), 'every served route is documented, and only those').toEqual([...documented].sort());
    const origins = document.paths['/api/v2/origins'].post;
    const variants = origins.requestBody.content['application/json'].schema.oneOf;
    const purchase = variants.find((variant: any) => variant.properties.type.const === 'Purchase');
    expect(purchase.properties.data.required).toEqual(expect.arrayContaining(['email', 'subtotal', 'order_number']));
    expect(purchase.properties.data.properties.subtotal).toBeDefined();
    const social = document.paths['/api/v2/offers/{short_url_code}/shares/social'].post;
    expect(social.requestBody.content['application/json'].schema.properties.channel.enum).toContain('whatsapp');
  });

  it('documents only paths the running collector answers: none is an unknown endpoint', async ({ collector }) => {
    const document = (await collector.get('/api/openapi.json')).body;
    const operations = documentedOperations(document);
    expect(operations.length).toBeGreaterThan(10);
    for (const operation of operations) {
      const [method, path] = operation.split(' ') as [string, string];
      const response = await fetch(`${collector.url}${path.replace(/\{[^}]+\}/g, 'x')}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      const body = (await response.json()) as { error_message?: string; response?: unknown };
      expect(body.error_message ?? '', operation).not.toMatch(/^no such endpoint/);
    }
  });
});
