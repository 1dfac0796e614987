import { describe, expect, it } from 'vitest';
import { scrubJson, scrubText, type PersonalValues } from './personal-values';

const values: PersonalValues = {
  emails: ['erin@example.com'],
  replacementEmail: 'x@anonymized.email',
  exact: ['203.0.113.7', '0b0e9a4c-6d6e-4c43-9d4a-2b1f5c3f7a11'],
  ofPerson: ['Erin', 'Stone', 'Erin Stone', 'cust-42'],
};

describe('scrubbing a person out of copied data', () => {
  it('replaces the address in any case inside free text, and IPs and full names by [erased]', () => {
    expect(scrubText('mail to Erin@Example.com from 203.0.113.7 for Erin Stone', values)).toBe('mail to x@anonymized.email from [erased] for [erased]');
    expect(scrubText('nothing of hers here', values)).toBe('nothing of hers here');
    expect(scrubText('Erin thinks you will love it. Erinsson and the Annual sale stay.', values)).toBe('[erased] thinks you will love it. Erinsson and the Annual sale stay.');
  });

  it("clears the person's object in a payload and leaves other people's alone", () => {
    const payload = {
      advocate: { email: 'erin@example.com', first_name: 'Erin', last_name: 'Stone', custom_properties: { tier: 'gold' }, customer_id: 'cust-42' },
      friend: { email: 'fred@example.com', first_name: 'Fred', customer_id: 'cust-43' },
      origin: { ip_address: '203.0.113.7', subtotal: 20, customer_id: 'cust-42' },
      advocate_name: 'Erin Stone',
    };
    expect(scrubJson(payload, values)).toEqual({
      advocate: { email: 'x@anonymized.email', first_name: null, last_name: null, custom_properties: null, customer_id: null },
      friend: { email: 'fred@example.com', first_name: 'Fred', customer_id: 'cust-43' },
      origin: { ip_address: null, subtotal: 20, customer_id: null },
      advocate_name: null,
    });
  });
});
