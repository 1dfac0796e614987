import { describe, expect, it } from 'vitest';
import { assertTargetUrl, guardedLookup, refusalOfAddress } from './webhook-target-guard';

const self = { hosts: ['refer.shop.example', '127.0.0.1:3000', 'localhost:3000'], port: 3000 };

describe('web hook target guard', () => {
  it('refuses loopback, private, link-local and unique-local addresses unless private hosts are allowed', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
      expect(refusalOfAddress(address, false), address).toMatch(/private, loopback or link-local/);
      expect(refusalOfAddress(address, true), address).toBeNull();
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '172.32.0.1']) {
      expect(refusalOfAddress(address, false), address).toBeNull();
    }
  });

  it('always refuses cloud metadata addresses', () => {
    for (const address of ['169.254.169.254', '100.100.100.200', 'fd00:ec2::254', '::ffff:169.254.169.254']) {
      expect(refusalOfAddress(address, true), address).toMatch(/cloud metadata/);
    }
  });

  it('refuses the collector itself, by public host or by its own port on loopback', () => {
    expect(() => assertTargetUrl(new URL('https://refer.shop.example/hook'), self, true)).toThrow(/collector itself/);
    expect(() => assertTargetUrl(new URL('http://localhost:3000/api'), self, true)).toThrow(/collector itself/);
    expect(() => assertTargetUrl(new URL('http://127.0.0.2:3000/api'), self, true)).toThrow(/collector itself/);
    expect(() => assertTargetUrl(new URL('http://127.0.0.1:3001/hook'), self, true)).not.toThrow();
  });

  it('refuses only the collector\'s own path when it is mounted under a path of the shop\'s host', () => {
    const mounted = { hosts: ['127.0.0.1:3000'], port: 3000, mountedAt: { host: 'shop.example', path: '/refer' } };
    expect(() => assertTargetUrl(new URL('https://shop.example/webhooks/vouch'), mounted, true)).not.toThrow();
    expect(() => assertTargetUrl(new URL('https://shop.example/referrals-hook'), mounted, true)).not.toThrow();
    for (const target of ['https://shop.example/refer', 'https://shop.example/refer/api/v2/origins', 'https://SHOP.example/REFER/x/abc', 'https://shop.example/a/../refer/x', 'https://shop.example/%72efer/x']) {
      expect(() => assertTargetUrl(new URL(target), mounted, true), target).toThrow(/collector itself/);
    }
  });

  it('refuses other schemes and literal private addresses before connecting', () => {
    expect(() => assertTargetUrl(new URL('ftp://shop.example/'), self, true)).toThrow(/ftp: URLs are not called/);
    expect(() => assertTargetUrl(new URL('http://[::1]:8080/'), self, false)).toThrow(/::1 is a private/);
  });

  it('checks the addresses a host name resolves to, at connection time', async () => {
    const lookup = guardedLookup(new URL('http://localhost:8080/'), self, false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (failure) => resolve(failure)));
    expect(error?.message).toMatch(/^localhost resolves to .* is a private, loopback or link-local address/);
  });
});
