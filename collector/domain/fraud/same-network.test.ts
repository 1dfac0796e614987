import { describe, expect, it } from 'vitest';
import type { PartyFacts } from './facts';
import { keyedHash } from './keyed-hash';
import { networkFingerprint } from './network-fingerprint';
import { sameDeviceSignal, sameUserAgentSignal } from './same-device';
import { sameIpSignal, sameNetworkPrefixSignal } from './same-network';

const KEY = 'site-key';
const at = (...ips: string[]): PartyFacts => ({ networks: ips.map((ip) => networkFingerprint(ip, KEY)!) });
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('the same-IP and same-network signals', () => {
  it('fire when the friend used an address the advocate used, in words that say it is no proof', () => {
    const result = sameIpSignal(at('198.51.100.20', '203.0.113.7'), at('203.0.113.7'));
    expect(result).toMatchObject({ signal: 'same_ip', fired: true, value: { shared: 1 } });
    expect(result.words).toBe('the friend used an IP address the advocate also used (a shared home, office or mobile network: not proof by itself)');
    expect(sameNetworkPrefixSignal(at('203.0.113.7'), at('203.0.113.7')).fired).toBe(true);
  });

  it('fire on the network alone for a neighbour in the /24, the address staying quiet', () => {
    expect(sameIpSignal(at('203.0.113.7'), at('203.0.113.99')).fired).toBe(false);
    expect(sameNetworkPrefixSignal(at('203.0.113.7'), at('203.0.113.99')).fired).toBe(true);
  });

  it('stay quiet for a friend elsewhere', () => {
    expect(sameIpSignal(at('203.0.113.7'), at('198.51.100.7'))).toMatchObject({ fired: false, words: 'the friend used no IP address the advocate used' });
    expect(sameNetworkPrefixSignal(at('203.0.113.7'), at('198.51.100.7')).fired).toBe(false);
  });

  it('stay quiet, saying why, when one side has no public address', () => {
    expect(sameIpSignal(at('203.0.113.7'), {})).toMatchObject({ fired: false, value: { compared: false }, words: 'no public IP address is known for the friend to compare' });
    expect(sameIpSignal({}, at('203.0.113.7')).words).toBe('no public IP address is known for the advocate to compare');
  });
});

describe('the same-device and same-user-agent signals', () => {
  const device = (id: string) => keyedHash('device', id, KEY);
  const agent = (userAgent: string) => keyedHash('user_agent', userAgent, KEY);

  it('fire on a shared device id', () => {
    expect(sameDeviceSignal({ device_id_hashes: [device('d-1')] }, { device_id_hashes: [device('d-1')] })).toMatchObject({ fired: true, words: expect.stringMatching(/carried the advocate's device id/) });
    expect(sameDeviceSignal({ device_id_hashes: [device('d-1')] }, { device_id_hashes: [device('d-2')] }).fired).toBe(false);
  });

  it('fire on a shared user agent only on a shared network', () => {
    const advocate = { ...at('203.0.113.7'), user_agent_hashes: [agent(IPHONE)] };
    expect(sameUserAgentSignal(advocate, { ...at('203.0.113.8'), user_agent_hashes: [agent(IPHONE)] })).toMatchObject({
      fired: true,
      words: "the friend's browser is the same kind as the advocate's, on the same network",
    });
  });

  it('stay quiet for two iPhones on one iOS version in two cities', () => {
    const advocate = { ...at('203.0.113.7'), user_agent_hashes: [agent(IPHONE)] };
    const result = sameUserAgentSignal(advocate, { ...at('198.51.100.7'), user_agent_hashes: [agent(IPHONE)] });
    expect(result).toMatchObject({ fired: false, value: { same_user_agent: true, same_network: false } });
    expect(result.words).toMatch(/many phones of one model look alike/);
  });
});
