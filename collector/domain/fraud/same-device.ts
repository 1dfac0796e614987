/**
 * Signals `same_device` and `same_user_agent`: the friend's browser carried a device id the
 * advocate's also carried (the first-party id the widget keeps beside the visitor uuid), or the
 * same user agent string on a shared network (IPv4 /24, IPv6 /48). Compared on keyed hashes.
 *
 * Default: both on, both flag. False-positive risk: a device id is a browser's claim that anyone
 * could copy, and one shared family computer or tablet gives two real people one id; a user agent
 * alone is worthless (every iPhone on one iOS version sends the same), so `same_user_agent` only
 * fires together with a shared network, and even then an office of identical laptops matches.
 */
import type { PartyFacts } from './facts';
import { sideWithout, type SignalResult } from './signal';

/** Whether advocate and friend share a device id. */
export function sameDeviceSignal(advocate: PartyFacts, friend: PartyFacts): SignalResult {
  if (!advocate.device_id_hashes?.length || !friend.device_id_hashes?.length) {
    return { signal: 'same_device', value: { compared: false }, fired: false, words: `no device id is known for ${sideWithout(!!advocate.device_id_hashes?.length, !!friend.device_id_hashes?.length)} to compare` };
  }
  const fired = shares(advocate.device_id_hashes, friend.device_id_hashes);
  return {
    signal: 'same_device',
    value: { compared: true },
    fired,
    words: fired ? "the friend's browser carried the advocate's device id (the same browser, or one copied from it)" : "the friend's browser carried another device id than the advocate's",
  };
}

/** Whether advocate and friend share a user agent on a shared network. */
export function sameUserAgentSignal(advocate: PartyFacts, friend: PartyFacts): SignalResult {
  if (!advocate.user_agent_hashes?.length || !friend.user_agent_hashes?.length) {
    return { signal: 'same_user_agent', value: { compared: false }, fired: false, words: `no user agent is known for ${sideWithout(!!advocate.user_agent_hashes?.length, !!friend.user_agent_hashes?.length)} to compare` };
  }
  const sameAgent = shares(advocate.user_agent_hashes, friend.user_agent_hashes);
  const sameNetwork = shares(advocate.networks?.map((network) => network.prefix_hash) ?? [], friend.networks?.map((network) => network.prefix_hash) ?? []);
  const value = { compared: true, same_user_agent: sameAgent, same_network: sameNetwork };
  if (!sameAgent) return { signal: 'same_user_agent', value, fired: false, words: "the friend's browser is another kind than the advocate's" };
  if (!sameNetwork) {
    return { signal: 'same_user_agent', value, fired: false, words: "the friend's browser is the same kind as the advocate's but on another network (many phones of one model look alike)" };
  }
  return { signal: 'same_user_agent', value, fired: true, words: "the friend's browser is the same kind as the advocate's, on the same network" };
}

function shares(left: readonly string[], right: readonly string[]): boolean {
  const known = new Set(left);
  return right.some((item) => known.has(item));
}
