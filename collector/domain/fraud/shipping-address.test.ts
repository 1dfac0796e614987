import { describe, expect, it } from 'vitest';
import { normalisePostcode, normaliseShippingAddress, sameShippingAddressSignal, sameShippingZipSignal } from './shipping-address';

describe('a shipping address compared', () => {
  it('ignores case, accents, whitespace and punctuation', () => {
    expect(normaliseShippingAddress('  12 Elm St., Apt #4\n Zürich ')).toBe('12 elm st apt 4 zurich');
    expect(normalisePostcode('sw1a 1aa')).toBe('SW1A1AA');
  });

  it('fires for the advocate’s address written another way', () => {
    const result = sameShippingAddressSignal({ shipping: [{ address: '12 Elm St., Apt 4' }] }, { shipping: [{ address: '12 ELM ST APT 4' }] });
    expect(result).toMatchObject({ signal: 'same_shipping_address', fired: true });
    expect(result.words).toBe("the friend's order ships to an address the advocate's order shipped to (one household, or the advocate)");
  });

  it('stays quiet for a neighbour in the same building with another flat', () => {
    expect(sameShippingAddressSignal({ shipping: [{ address: '12 Elm St, Apt 4' }] }, { shipping: [{ address: '12 Elm St, Apt 5' }] }).fired).toBe(false);
  });

  it('stays quiet, saying why, when the shop sent no address for one side', () => {
    expect(sameShippingAddressSignal({ shipping: [{ address: '12 Elm St' }] }, { shipping: [{ zip: '10001' }] })).toMatchObject({
      fired: false,
      value: { compared: false },
      words: 'no shipping address is known for the friend to compare',
    });
  });

  it('fires on one postcode, a ZIP+4 being its five-digit ZIP', () => {
    expect(sameShippingZipSignal({ shipping: [{ zip: '10001-1234' }] }, { shipping: [{ zip: '10001' }] }).fired).toBe(true);
    expect(sameShippingZipSignal({ shipping: [{ zip: 'SW1A 1AA' }] }, { shipping: [{ zip: 'sw1a1aa' }] }).fired).toBe(true);
  });

  it('stays quiet for the next postcode, and for two ZIP+4s in one ZIP', () => {
    expect(sameShippingZipSignal({ shipping: [{ zip: '10001' }] }, { shipping: [{ zip: '10002' }] }).fired).toBe(false);
    expect(sameShippingZipSignal({ shipping: [{ zip: '10001-1234' }] }, { shipping: [{ zip: '10001-9999' }] }).fired).toBe(false);
  });
});
