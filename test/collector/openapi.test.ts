import { describe, expect } from 'vitest';
import { collectorTest } from '../support/collector-fixture';

const it = collectorTest();

describe('GET /api/openapi.json', () => {
  it('describes every API route with the schema it validates with', async ({ collector }) => {
    const response = await collector.get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    const routes = Object.keys(document.paths);
    expect(routes).toEqual(
      expect.arrayContaining([
        '/api/v2/origins',
        '/api/v2/offers/{id}',
        '/api/v2/offers/{short_url_code}/shares/social',
        '/api/v2/offers/{short_url_code}/shares/email',
      ]),
    );
    const origins = document.paths['/api/v2/origins'].post;
    const variants = origins.requestBody.content['application/json'].schema.oneOf;
    const purchase = variants.find((variant: any) => variant.properties.type.const === 'Purchase');
    expect(purchase.properties.data.required).toEqual(expect.arrayContaining(['email', 'subtotal', 'order_number']));
    expect(purchase.properties.data.properties.subtotal).toBeDefined();
    const social = document.paths['/api/v2/offers/{short_url_code}/shares/social'].post;
    expect(social.requestBody.content['application/json'].schema.properties.channel.enum).toContain('whatsapp');
  });
});
