import { canonicalIpAddress, networkOf, parseIpAddress, type IpAddress } from './ip-address-bytes';

/** A range of IP addresses: a network address and how many leading bits every member shares with it. */
export interface CidrRange {
  network: IpAddress;
  prefixLength: number;
}

/** Why a range's text was not accepted, in words for the configuration error. */
export type CidrProblem = 'not_a_range' | 'prefix_out_of_range' | 'host_bits_set';

/**
 * A range written as `192.0.2.0/24` or `2001:db8::/32`; a bare address is the range of that one
 * address (/32 or /128). A range whose address has bits set after the prefix (`192.0.2.7/24`) is
 * refused rather than widened, because it is usually a typo for a single address or a different
 * network, and a block list must block what its writer meant.
 */
export function parseCidr(text: string): CidrRange | CidrProblem {
  const [addressText, prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0 || addressText === undefined) return 'not_a_range';
  const address = parseIpAddress(addressText);
  // An IPv4-mapped IPv6 range (::ffff:0:0/96) would not survive the address's unmapping: refused.
  if (!address || (address.version === 4 && addressText.includes(':'))) return 'not_a_range';
  const bits = address.version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return 'not_a_range';
  const prefixLength = prefixText === undefined ? bits : Number(prefixText);
  if (prefixLength > bits) return 'prefix_out_of_range';
  const network = networkOf(address, prefixLength);
  if (canonicalIpAddress(network) !== canonicalIpAddress(address)) return 'host_bits_set';
  return { network, prefixLength };
}

/** What a range's text problem means, for a configuration error naming the entry. */
export function cidrProblemInWords(text: string, problem: CidrProblem): string {
  switch (problem) {
    case 'not_a_range':
      return `"${text}" is not an IP address or range such as 192.0.2.0/24 or 2001:db8::/32`;
    case 'prefix_out_of_range':
      return `"${text}" has a prefix longer than the address (at most /32 for IPv4, /128 for IPv6)`;
    case 'host_bits_set': {
      const range = parseCidr(text.split('/')[0]!) as CidrRange;
      const prefixLength = Number(text.split('/')[1]);
      return `"${text}" has bits set after its prefix: the network is ${canonicalText(networkOf(range.network, prefixLength))}/${prefixLength}`;
    }
  }
}

/**
 * Whether an address is inside a range. An IPv4 address never matches an IPv6 range nor the
 * other way round (an IPv4 address written as IPv6 is read as IPv4 first); /0 matches every
 * address of its family.
 */
export function cidrContains(range: CidrRange, address: IpAddress): boolean {
  if (range.network.version !== address.version) return false;
  const fullBytes = Math.floor(range.prefixLength / 8);
  for (let index = 0; index < fullBytes; index++) {
    if (range.network.bytes[index] !== address.bytes[index]) return false;
  }
  const remainingBits = range.prefixLength % 8;
  if (remainingBits === 0) return true;
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return (range.network.bytes[fullBytes]! & mask) === (address.bytes[fullBytes]! & mask);
}

/** A range's network written the short way people write it (IPv6 with `::`). */
function canonicalText(address: IpAddress): string {
  if (address.version === 4) return canonicalIpAddress(address);
  return canonicalIpAddress(address)
    .split(':')
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')
    .replace(/(^|:)0(:0)+(:|$)/, '::')
    .replace(/:::+/, '::');
}
