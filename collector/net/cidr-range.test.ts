import { describe, expect, it } from 'vitest';
import { cidrContains, cidrProblemInWords, parseCidr, type CidrRange } from './cidr-range';
import { parseIpAddress } from './ip-address-bytes';

function range(text: string): CidrRange {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(`${text}: ${parsed}`);
  return parsed;
}

const contains = (rangeText: string, address: string) => cidrContains(range(rangeText), parseIpAddress(address)!);

describe('an IP range written as CIDR', () => {
  it('holds the addresses of an IPv4 /24 and none next to it', () => {
    expect(contains('192.0.2.0/24', '192.0.2.0')).toBe(true);
    expect(contains('192.0.2.0/24', '192.0.2.255')).toBe(true);
    expect(contains('192.0.2.0/24', '192.0.3.0')).toBe(false);
    expect(contains('192.0.2.0/24', '192.0.1.255')).toBe(false);
  });

  it('cuts prefixes that do not end on a byte exactly', () => {
    expect(contains('10.0.0.0/9', '10.127.255.255')).toBe(true);
    expect(contains('10.0.0.0/9', '10.128.0.0')).toBe(false);
    expect(contains('198.51.100.128/25', '198.51.100.127')).toBe(false);
    expect(contains('198.51.100.128/25', '198.51.100.128')).toBe(true);
    expect(contains('203.0.113.6/31', '203.0.113.8')).toBe(false);
    expect(contains('203.0.113.6/31', '203.0.113.7')).toBe(true);
  });

  it('reads a bare address as that one address, and /32 likewise', () => {
    expect(contains('203.0.113.9', '203.0.113.9')).toBe(true);
    expect(contains('203.0.113.9', '203.0.113.10')).toBe(false);
    expect(contains('203.0.113.9/32', '203.0.113.9')).toBe(true);
  });

  it('holds every address of its family at /0, and none of the other family', () => {
    expect(contains('0.0.0.0/0', '255.255.255.255')).toBe(true);
    expect(contains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(contains('::/0', '2001:db8::1')).toBe(true);
    expect(contains('::/0', '192.0.2.1')).toBe(false);
  });

  it('holds IPv6 addresses however they are written', () => {
    expect(contains('2001:db8::/32', '2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe(true);
    expect(contains('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(contains('2001:db8:abcd::/48', '[2001:db8:abcd:12::1]')).toBe(true);
    expect(contains('2001:db8:abcd::/48', '2001:db8:abce::1')).toBe(false);
    expect(contains('2001:db8::/127', '2001:db8::1')).toBe(true);
    expect(contains('2001:db8::/127', '2001:db8::2')).toBe(false);
    expect(contains('fe80::/10', 'fe80::1%eth0')).toBe(true);
    expect(contains('2001:db8::1/128', '2001:db8::1')).toBe(true);
  });

  it('reads an IPv4 address written as IPv6 (a dual-stack socket) as the IPv4 address', () => {
    expect(contains('192.0.2.0/24', '::ffff:192.0.2.7')).toBe(true);
    expect(contains('192.0.2.0/24', '::ffff:c000:207')).toBe(true);
  });

  it('refuses text that is no range, a prefix longer than the address, and host bits after the prefix', () => {
    expect(parseCidr('192.0.2.0/33')).toBe('prefix_out_of_range');
    expect(parseCidr('2001:db8::/129')).toBe('prefix_out_of_range');
    expect(parseCidr('192.0.2.7/24')).toBe('host_bits_set');
    expect(parseCidr('2001:db8::1/64')).toBe('host_bits_set');
    for (const text of ['', 'example.com', '192.0.2.0/', '192.0.2.0/24/1', '192.0.2.0/-1', '192.0.2.0/ 24', '256.0.0.0/8', '192.0.2/24', '01.2.3.4', '::ffff:192.0.2.0/120']) {
      expect(parseCidr(text), text).toBe('not_a_range');
    }
  });

  it('says what is wrong with a refused range, naming the network meant', () => {
    expect(cidrProblemInWords('192.0.2.7/24', 'host_bits_set')).toBe('"192.0.2.7/24" has bits set after its prefix: the network is 192.0.2.0/24');
    expect(cidrProblemInWords('2001:db8::1/64', 'host_bits_set')).toBe('"2001:db8::1/64" has bits set after its prefix: the network is 2001:db8::/64');
    expect(cidrProblemInWords('10.0.0.0/40', 'prefix_out_of_range')).toMatch(/at most \/32 for IPv4/);
  });
});
