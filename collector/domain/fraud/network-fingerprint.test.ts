import { describe, expect, it } from 'vitest';
import { keyedHash } from './keyed-hash';
import { networkFingerprint } from './network-fingerprint';

const KEY = 'site-key-1';

describe('an IP address kept as keyed hashes', () => {
  it('keeps no trace of the address itself', () => {
    const fingerprint = networkFingerprint('203.0.113.7', KEY)!;
    expect(fingerprint.ip_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(fingerprint)).not.toContain('203.0.113');
  });

  it('hashes one address alike however it is written', () => {
    const written = ['2001:db8:abcd:12::1', '2001:0DB8:ABCD:0012:0000:0000:0000:0001', '[2001:db8:abcd:12::1]'].map((ip) => networkFingerprint(ip, KEY));
    expect(new Set(written.map((fingerprint) => fingerprint!.ip_hash)).size).toBe(1);
    expect(networkFingerprint('::ffff:203.0.113.7', KEY)).toEqual(networkFingerprint('203.0.113.7', KEY));
  });

  it('gives two addresses of one IPv4 /24 one network hash and two address hashes', () => {
    const [a, b, c] = ['203.0.113.7', '203.0.113.200', '203.0.114.7'].map((ip) => networkFingerprint(ip, KEY)!);
    expect(a!.prefix_hash).toBe(b!.prefix_hash);
    expect(a!.ip_hash).not.toBe(b!.ip_hash);
    expect(c!.prefix_hash).not.toBe(a!.prefix_hash);
  });

  it('counts IPv6 by its /48', () => {
    const [a, b, c] = ['2001:db8:abcd:1::1', '2001:db8:abcd:ffff::9', '2001:db8:abce::1'].map((ip) => networkFingerprint(ip, KEY)!);
    expect(a!.prefix_hash).toBe(b!.prefix_hash);
    expect(c!.prefix_hash).not.toBe(a!.prefix_hash);
  });

  it('differs between sites, so one site’s hashes say nothing on another’s', () => {
    expect(networkFingerprint('203.0.113.7', 'site-key-2')!.ip_hash).not.toBe(networkFingerprint('203.0.113.7', KEY)!.ip_hash);
  });

  it('never makes an address’s hash equal a network’s or a device id’s', () => {
    expect(keyedHash('ip', 'x', KEY)).not.toBe(keyedHash('device', 'x', KEY));
  });

  it('is null for private, loopback and non-addresses, which name a proxy rather than a household', () => {
    for (const ip of ['10.1.2.3', '192.168.0.10', '127.0.0.1', '::1', 'fd00::1', 'unknown', '']) expect(networkFingerprint(ip, KEY), ip).toBeNull();
  });
});
