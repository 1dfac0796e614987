import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens of the merchant console (session cookies, set-password links): 32 random bytes,
 * base64url. The store keeps only their SHA-256, so reading the store gives nobody a session.
 * A plain hash is enough here (unlike passwords): 256 random bits cannot be guessed.
 */
export function newConsoleToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The hash the store keeps of a token. */
export function consoleTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
