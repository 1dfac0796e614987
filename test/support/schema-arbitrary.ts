import fc from 'fast-check';

type JsonSchema = Record<string, any>;

/** Values a real client might plausibly send for a string field, so some bodies pass validation. */
const PLAUSIBLE_STRINGS = [
  'ann@example.com',
  'friend@example.com, other@example.com',
  '2026-11-23T10:00:00Z',
  '0190a7c2-5b1e-4b7e-8f00-1234567890ab',
  '127.0.0.1',
  'current',
  'test-shop',
  'A-1',
  'facebook',
  'approved',
  'x'.repeat(100_000),
  '\u0000\ud800',
  '<script>alert(1)</script>',
];

/**
 * A fast-check arbitrary for JSON bodies shaped by a JSON Schema (the one the collector
 * generates from its valibot schemas), wrong on purpose a good part of the time: fields left
 * out or added, wrong types, huge values, deep nesting.
 */
export function hostileFromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const wrong = depth > 4 ? fc.constant(null) : anyJson();
  return fc.oneof({ weight: 4, arbitrary: shaped(schema, depth) }, { weight: 1, arbitrary: wrong });
}

function shaped(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice: JsonSchema) => hostileFromSchema(choice, depth + 1)));
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {}) as [string, JsonSchema][];
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of properties) record[key] = hostileFromSchema(property, depth + 1);
      return fc
        .tuple(fc.record(record, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 8 }), anyJson(), { maxKeys: 2 }))
        .map(([known, extra]) => ({ ...extra, ...known }));
    }
    case 'array':
      return fc.oneof(fc.array(hostileFromSchema(schema.items ?? {}, depth + 1), { maxLength: 4 }), fc.constant(Array.from({ length: 2000 }, () => 1)));
    case 'string':
      return fc.oneof(fc.constantFrom(...PLAUSIBLE_STRINGS), fc.string({ maxLength: 40 }), fc.stringMatching(/^[0-9]{1,20}(\.[0-9]{1,6})?$/));
    case 'number':
    case 'integer':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(-1, 0, 1e308, -1e308, 0.1, 2 ** 53 + 1));
    case 'boolean':
      return fc.boolean();
    default:
      return anyJson();
  }
}

function anyJson(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant('9.99'), fc.constant(-5), fc.constant({}), fc.constant([]));
}

/** Raw bodies no JSON encoder would make: broken encodings, duplicate keys, extreme nesting. */
export const RAW_HOSTILE_BODIES: { name: string; body: string | Uint8Array; contentType: string }[] = [
  { name: 'invalid UTF-8', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), contentType: 'application/json' },
  { name: 'duplicate keys', body: '{"site_slug":"test-shop","site_slug":{"a":1},"type":"Purchase","type":"Event"}', contentType: 'application/json' },
  { name: 'deep nesting', body: `${'['.repeat(20_000)}${']'.repeat(20_000)}`, contentType: 'application/json' },
  { name: 'deep object nesting', body: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`, contentType: 'application/json' },
  { name: 'truncated', body: '{"site_slug": "test-shop", "data": {', contentType: 'application/json' },
  { name: 'form body', body: 'site_slug=test-shop&type=Purchase', contentType: 'application/x-www-form-urlencoded' },
  { name: 'multipart', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
  { name: 'xml', body: '<origin/>', contentType: 'application/xml' },
  { name: 'numbers as strings', body: '{"site_slug":"test-shop","type":"Purchase","data":{"email":"a@b.co","order_number":"1","subtotal":"NaN"}}', contentType: 'application/json' },
  { name: 'non-finite', body: '{"site_slug":"test-shop","type":"Purchase","data":{"email":"a@b.co","order_number":1,"subtotal":1e999}}', contentType: 'application/json' },
  { name: 'date out of range', body: '{"site_slug":"test-shop","type":"Purchase","data":{"email":"a@b.co","order_number":2,"subtotal":1,"order_date":"99999-01-01T00:00:00Z"}}', contentType: 'application/json' },
  { name: 'empty', body: '', contentType: 'application/json' },
  { name: 'null', body: 'null', contentType: 'application/json' },
  { name: 'BOM', body: '\ufeff{"site_slug":"test-shop"}', contentType: 'application/json; charset=utf-8' },
];
