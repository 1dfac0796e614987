import type { Kysely } from 'kysely';
import { addressGroup } from '../net/address-group';
import { isPublicAddress } from '../net/public-address';
import { advocateIpAddresses } from '../store/origin.repository';
import type { Database } from '../store/tables';

/**
 * The networks (a public IPv4 address, or an IPv6 /64) the advocate was seen at, by their verified
 * origins and their email shares. Loopback and private addresses are left out: they name a proxy
 * or a test machine, not a household. A click from one of these is the advocate's own.
 */
export async function advocateNetworks(db: Kysely<Database>, advocatePersonId: string): Promise<Set<string>> {
  return new Set([...(await advocateIpAddresses(db, advocatePersonId))].filter(isPublicAddress).map(addressGroup));
}
