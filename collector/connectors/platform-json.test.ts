import { describe, expect, it } from 'vitest';
import { parseJson } from './platform-json';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseJson', () => {
  it("keeps Shopify's 18-digit ids exact, as digits, and every other value as JSON.parse reads it", () => {
    const text = '{"id": 820982911946154508, "order_id":820982911946154509, "n": 1001, "max": 9007199254740991, "f": -1.5e3, "ids": [115310627314723954]}';
    expect(parseJson(bytes(text))).toEqual({ id: '820982911946154508', order_id: '820982911946154509', n: 1001, max: '9007199254740991', f: -1500, ids: ['115310627314723954'] });
  });

  it('leaves digits inside strings alone, escaped quotes included', () => {
    const text = '{"note": "call 820982911946154508, \\"or\\" 99999999999999999", "k": "\\\\"}';
    expect(parseJson(bytes(text))).toEqual({ note: 'call 820982911946154508, "or" 99999999999999999', k: '\\' });
  });

  it('answers undefined for a body that is not JSON or not UTF-8', () => {
    expect(parseJson(bytes('<xml/>'))).toBeUndefined();
    expect(parseJson(new Uint8Array([0x7b, 0xff, 0x7d]))).toBeUndefined();
  });
});
