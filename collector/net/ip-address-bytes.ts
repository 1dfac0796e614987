import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as its bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  version: 4 | 6;
  bytes: Uint8Array;
}

/**
 * An IP address parsed to its bytes, or null when the text is not one. Brackets (`[2001:db8::1]`)
 * and a zone (`fe80::1%eth0`) are dropped, and an IPv4 address written as IPv6 (`::ffff:192.0.2.7`,
 * how a dual-stack socket reports it) is the IPv4 address, so that one address has one form
 * however it was written: equality, hashing and range checks all work on these bytes.
 */
export function parseIpAddress(text: string): IpAddress | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return { version: 4, bytes: Uint8Array.from(bare.split('.').map(Number)) };
  if (!isIPv6(bare)) return null;
  const bytes = ipv6Bytes(bare);
  const mapped = bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes };
}

/** The canonical text of an address: dotted IPv4, or the eight IPv6 groups in full lower-case hex. */
export function canonicalIpAddress(address: IpAddress): string {
  if (address.version === 4) return [...address.bytes].join('.');
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) groups.push(((address.bytes[index]! << 8) | address.bytes[index + 1]!).toString(16).padStart(4, '0'));
  return groups.join(':');
}

/** The address with every bit after the first `prefixLength` set to zero: the network it is in. */
export function networkOf(address: IpAddress, prefixLength: number): IpAddress {
  const bytes = new Uint8Array(address.bytes.length);
  for (let index = 0; index < bytes.length; index++) {
    const bitsKept = Math.min(8, Math.max(0, prefixLength - index * 8));
    bytes[index] = address.bytes[index]! & ((0xff << (8 - bitsKept)) & 0xff);
  }
  return { version: address.version, bytes };
}

/** The sixteen bytes of a valid IPv6 address, `::` and an IPv4 tail expanded. */
function ipv6Bytes(address: string): Uint8Array {
  let text = address.toLowerCase();
  const ipv4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const [head, tail] = text.split('::');
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}
