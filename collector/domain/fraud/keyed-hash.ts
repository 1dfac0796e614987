import { createHmac } from 'node:crypto';

/**
 * A keyed hash (HMAC-SHA-256, first 128 bits in hex) of a value, under a per-site key and a
 * purpose (`ip`, `network`, `user_agent`, `device`). Only equality survives it: two equal values
 * hash alike, and without the key nobody can test a guess (every IPv4 address is only 2^32
 * guesses away from a plain hash). The purpose keeps an address's hash from ever equalling a
 * network's or a device id's.
 */
export function keyedHash(purpose: string, value: string, key: string): string {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('hex').slice(0, 32);
}
