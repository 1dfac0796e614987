/**
 * Signals `same_ip` and `same_network_prefix`: the friend was seen (claim, purchase) at an IP
 * address, or in a coarse network (IPv4 /24, IPv6 /48), the advocate was also seen at. Compared
 * on keyed hashes (networkFingerprint), so no raw address need be kept; private and loopback
 * addresses are never compared (they name a proxy, not a household).
 *
 * Default: both on, both flag. False-positive risk: high for blocking, which is why neither
 * blocks by default — two real friends in one office, one university, one café's Wi-Fi or behind
 * one mobile carrier's shared address have the same IP; the /24 or /48 is shared by a whole
 * building or an ISP's neighbourhood. A shared network says "look", never "fraud".
 */
import type { PartyFacts } from './facts';
import type { NetworkFingerprint } from './network-fingerprint';
import { sideWithout, type SignalResult } from './signal';

/** Whether advocate and friend share an IP address. */
export function sameIpSignal(advocate: PartyFacts, friend: PartyFacts): SignalResult {
  return sharedNetworkSignal('same_ip', advocate.networks, friend.networks, (network) => network.ip_hash, {
    fired: 'the friend used an IP address the advocate also used (a shared home, office or mobile network: not proof by itself)',
    quiet: 'the friend used no IP address the advocate used',
  });
}

/** Whether advocate and friend share a coarse network (IPv4 /24, IPv6 /48). */
export function sameNetworkPrefixSignal(advocate: PartyFacts, friend: PartyFacts): SignalResult {
  return sharedNetworkSignal('same_network_prefix', advocate.networks, friend.networks, (network) => network.prefix_hash, {
    fired: "the friend was on the same network as the advocate (the same IPv4 /24 or IPv6 /48; a building or a provider's neighbourhood shares one)",
    quiet: 'the friend was on no network the advocate was on',
  });
}

function sharedNetworkSignal(
  signal: 'same_ip' | 'same_network_prefix',
  advocateNetworks: readonly NetworkFingerprint[] | undefined,
  friendNetworks: readonly NetworkFingerprint[] | undefined,
  hashOf: (network: NetworkFingerprint) => string,
  words: { fired: string; quiet: string },
): SignalResult {
  if (!advocateNetworks?.length || !friendNetworks?.length) {
    return { signal, value: { compared: false, shared: 0 }, fired: false, words: `no public IP address is known for ${sideWithout(!!advocateNetworks?.length, !!friendNetworks?.length)} to compare` };
  }
  const advocateHashes = new Set(advocateNetworks.map(hashOf));
  const shared = new Set(friendNetworks.map(hashOf).filter((hash) => advocateHashes.has(hash))).size;
  return { signal, value: { compared: true, shared }, fired: shared > 0, words: shared > 0 ? words.fired : words.quiet };
}
