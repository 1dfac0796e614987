import { describe, expect, it } from 'vitest';
import type { PersonRow } from '../store/tables';
import { BROWSER_AUTHORITY, MERCHANT_AUTHORITY, personChanges } from './record-person';

const known = (overrides: Partial<PersonRow> = {}): PersonRow => ({
  id: 'p1',
  site_id: 's1',
  identity_key: 'email:ann@example.com',
  email: 'ann@example.com',
  customer_id: null,
  first_name: null,
  last_name: null,
  custom_properties: null,
  created_at: '2026-01-01T00:00:00.000Z',
  names_vouched: 0,
  ...overrides,
});
const given = (overrides: Partial<Parameters<typeof personChanges>[1]> = {}) => ({
  email: 'ann@example.com',
  customer_id: null,
  first_name: null,
  last_name: null,
  custom_properties: null,
  ...overrides,
});
const SIGNED_V1 = { identity: true, names: false, properties: false };

describe('what a call may change of a known person', () => {
  it("lets the merchant's server replace what it said before, and keep what it leaves out", () => {
    const before = known({ customer_id: 'C-1', first_name: 'Ann', last_name: 'Lee', names_vouched: 1 });
    expect(personChanges(before, given({ first_name: 'Anna' }), MERCHANT_AUTHORITY)).toEqual({
      customer_id: 'C-1',
      first_name: 'Anna',
      last_name: 'Lee',
      custom_properties: null,
      names_vouched: 1,
    });
  });

  it("takes back names only a browser set the first time the merchant's server names the person, even with none", () => {
    const before = known({ first_name: 'Prize! Log in at', last_name: 'Security' });
    expect(personChanges(before, given(), MERCHANT_AUTHORITY)).toMatchObject({ first_name: null, last_name: null, names_vouched: 1 });
  });

  it('lets a browser fill blanks of a person nobody vouched for, and nothing more', () => {
    const before = known({ first_name: 'Ann' });
    expect(personChanges(before, given({ first_name: 'Eve', last_name: 'Lee', customer_id: 'X' }), BROWSER_AUTHORITY)).toEqual({
      customer_id: 'X',
      first_name: 'Ann',
      last_name: 'Lee',
      custom_properties: null,
      names_vouched: 0,
    });
  });

  it('keeps names the merchant gave when a signature that does not cover names comes in', () => {
    const before = known({ first_name: 'Ann', names_vouched: 1 });
    expect(personChanges(before, given({ first_name: 'Hacked', customer_id: 'C-2' }), SIGNED_V1)).toMatchObject({ first_name: 'Ann', customer_id: 'C-2', names_vouched: 1 });
  });
});
