/**
 * Signals `same_shipping_address` and `same_shipping_zip`: the friend's order ships to an address
 * (or a postcode) one of the advocate's orders shipped to, when the shop sends them (Talkable's
 * `shipping_address` and `shipping_zip`). Compared after normalising case, accents, whitespace
 * and punctuation ("12 Elm St., Apt 4" is "12 elm st apt 4"); a US ZIP+4 is compared on its
 * first five digits when the other side has only five.
 *
 * Default: the address on, flags; the postcode off. False-positive risk: the address is shared by
 * a household, whose members are real friends of each other and often customers in their own
 * right, and by an apartment block when the unit is missing; a postcode is shared by thousands of
 * households, so it is only worth turning on for a shop with few, scattered customers.
 */
import type { PartyFacts, ShippingFacts } from './facts';
import { sideWithout, type SignalResult } from './signal';

/** An address reduced for comparison: lower case, no accents, punctuation as spaces, single spaces. */
export function normaliseShippingAddress(address: string): string {
  return address
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A postcode reduced for comparison: upper case, letters and digits only ("sw1a 1aa" is "SW1A1AA"). */
export function normalisePostcode(zip: string): string {
  return zip.normalize('NFKD').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Whether two postcodes are one: equal, or a ZIP+4 and its five-digit ZIP. */
function samePostcode(left: string, right: string): boolean {
  if (left === right) return true;
  const [short, long] = left.length < right.length ? [left, right] : [right, left];
  return /^\d{5}$/.test(short) && /^\d{9}$/.test(long) && long.startsWith(short);
}

/** Whether the friend ships to an address the advocate shipped to. */
export function sameShippingAddressSignal(advocate: PartyFacts, friend: PartyFacts): SignalResult {
  const addresses = (shipping: readonly ShippingFacts[] | undefined) =>
    (shipping ?? []).map((item) => (item.address ? normaliseShippingAddress(item.address) : '')).filter((address) => address !== '');
  const advocateAddresses = new Set(addresses(advocate.shipping));
  const friendAddresses = addresses(friend.shipping);
  if (advocateAddresses.size === 0 || friendAddresses.length === 0) {
    return { signal: 'same_shipping_address', value: { compared: false }, fired: false, words: `no shipping address is known for ${sideWithout(advocateAddresses.size > 0, friendAddresses.length > 0)} to compare` };
  }
  const fired = friendAddresses.some((address) => advocateAddresses.has(address));
  return {
    signal: 'same_shipping_address',
    value: { compared: true },
    fired,
    words: fired ? "the friend's order ships to an address the advocate's order shipped to (one household, or the advocate)" : "the friend's order ships to another address than the advocate's",
  };
}

/** Whether the friend ships to a postcode the advocate shipped to. */
export function sameShippingZipSignal(advocate: PartyFacts, friend: PartyFacts): SignalResult {
  const postcodes = (shipping: readonly ShippingFacts[] | undefined) => (shipping ?? []).map((item) => (item.zip ? normalisePostcode(item.zip) : '')).filter((zip) => zip !== '');
  const advocateZips = postcodes(advocate.shipping);
  const friendZips = postcodes(friend.shipping);
  if (advocateZips.length === 0 || friendZips.length === 0) {
    return { signal: 'same_shipping_zip', value: { compared: false }, fired: false, words: `no shipping postcode is known for ${sideWithout(advocateZips.length > 0, friendZips.length > 0)} to compare` };
  }
  const fired = friendZips.some((zip) => advocateZips.some((other) => samePostcode(zip, other)));
  return {
    signal: 'same_shipping_zip',
    value: { compared: true },
    fired,
    words: fired ? "the friend's order ships to the advocate's postcode" : "the friend's order ships to another postcode than the advocate's",
  };
}
