import { createHash } from 'node:crypto';

/** What tells one clicker from another: their network, else their address, else their visitor uuid. */
export interface Clicker {
  network?: string | null;
  ip_address: string | null;
  visitor_uuid: string;
}

/** Characters of the base64url SHA-256 kept: 132 bits, so two clickers of one advocate never share a mark. */
const MARK_LENGTH = 22;

/**
 * The "already counted" mark of a clicker of one advocate: a hash of who they are (the network
 * wins, as click thresholds count networks), salted with the site and the advocate, so the
 * table of marks holds no address and a mark means nothing for another advocate.
 */
export function clickerMark(siteId: string, advocatePersonId: string, clicker: Clicker): string {
  const who = clicker.network ? `network:${clicker.network}` : clicker.ip_address ? `ip:${clicker.ip_address}` : `visitor:${clicker.visitor_uuid}`;
  return createHash('sha256').update(`${siteId}:${advocatePersonId}:${who}`).digest('base64url').slice(0, MARK_LENGTH);
}

/** The mark a click from one of the advocate's own networks had: what the count leaves out. */
export function networkMark(siteId: string, advocatePersonId: string, network: string): string {
  return clickerMark(siteId, advocatePersonId, { network, ip_address: null, visitor_uuid: '' });
}
