import { createHash } from 'node:crypto';

/** What an erased address's hash starts with, so a list can tell it from an address. */
export const ERASED_ADDRESS_PREFIX = 'sha256:';

/**
 * The form an address takes in the suppression list once its person is anonymized: the SHA-256
 * of the normalised address. The address can no longer be read back from the store, yet an
 * invite to it is still recognised and refused, so erasing someone never re-subscribes them.
 */
export function erasedAddressHash(normalizedEmail: string): string {
  return `${ERASED_ADDRESS_PREFIX}${createHash('sha256').update(normalizedEmail).digest('hex')}`;
}
