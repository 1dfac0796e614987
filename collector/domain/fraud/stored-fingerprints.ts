/**
 * How a browser's and a shop's details are kept for the fraud signals: as keyed hashes
 * (keyedHash) of a normalised form, because the signals only ever ask whether two are equal.
 * An address or a device id is personal data; its hash without the site's key tells nothing.
 */
import { keyedHash } from './keyed-hash';
import { networkFingerprint } from './network-fingerprint';
import { normalisePostcode, normaliseShippingAddress } from './shipping-address';

/** The keyed hash of a shipping address after normalising it ("12 Elm St., Apt 4" is "12 elm st apt 4"), or null when nothing is left. */
export function shippingAddressHash(address: string | null | undefined, key: string): string | null {
  const normalised = address ? normaliseShippingAddress(address) : '';
  return normalised ? keyedHash('shipping_address', normalised, key) : null;
}

/**
 * The keyed hash of a postcode after normalising it, or null. A US ZIP+4 is kept as its five-digit
 * ZIP: a hash cannot be compared on a prefix later, and the shipping_zip signal takes a ZIP+4 and
 * its ZIP as one.
 */
export function shippingZipHash(zip: string | null | undefined, key: string): string | null {
  const normalised = zip ? normalisePostcode(zip) : '';
  if (!normalised) return null;
  return keyedHash('shipping_zip', /^\d{9}$/.test(normalised) ? normalised.slice(0, 5) : normalised, key);
}

/** The keyed hash of the network (IPv4 /24, IPv6 /48) an address is in; null for none or a private one. */
export function networkPrefixHash(ip: string | null | undefined, key: string): string | null {
  return (ip && networkFingerprint(ip, key)?.prefix_hash) || null;
}

/** The keyed hash of a device id (the widget's first-party one, or a visitor uuid), or null. */
export function deviceIdHash(deviceId: string | null | undefined, key: string): string | null {
  return deviceId ? keyedHash('device', deviceId.toLowerCase(), key) : null;
}
