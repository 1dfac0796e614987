import { isPublicAddress } from '../../net/public-address';
import { canonicalIpAddress, networkOf, parseIpAddress } from '../../net/ip-address-bytes';
import { keyedHash } from './keyed-hash';

/** How one IP address is kept for the same-network signal: its keyed hash and its network's. */
export interface NetworkFingerprint {
  ip_hash: string;
  prefix_hash: string;
}

/** The coarse network an address is counted in: IPv4 /24, IPv6 /48 (one site's allocation). */
export const NETWORK_PREFIX_LENGTH = { 4: 24, 6: 48 } as const;

/**
 * An IP address as the two keyed hashes the same-network signal compares: the address's and its
 * coarse network's (IPv4 /24, IPv6 /48), so that the raw address need not be stored to tell later
 * that advocate and friend shared one. The address is read in one canonical form first (IPv6
 * written any way, IPv4 written as IPv6), so equal addresses hash alike. Loopback, private and
 * reserved addresses give null: they name a proxy or a test machine in front of the collector,
 * not a household, and would make every visitor look alike.
 */
export function networkFingerprint(ip: string, key: string): NetworkFingerprint | null {
  const address = parseIpAddress(ip);
  if (!address || !isPublicAddress(canonicalIpAddress(address))) return null;
  const prefixLength = NETWORK_PREFIX_LENGTH[address.version];
  return {
    ip_hash: keyedHash('ip', canonicalIpAddress(address), key),
    prefix_hash: keyedHash('network', `${canonicalIpAddress(networkOf(address, prefixLength))}/${prefixLength}`, key),
  };
}
