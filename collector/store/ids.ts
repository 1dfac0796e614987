import { randomFillSync } from 'node:crypto';

/**
 * Random bytes handed out from a pool refilled 4 KB at a time: one call into the system's
 * generator serves ~250 ids instead of one, and each byte is handed out once.
 */
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomBytes(length: number): Buffer {
  if (length > POOL_SIZE) return randomFillSync(Buffer.allocUnsafe(length));
  if (poolOffset + length > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.allocUnsafe(length);
  pool.copy(bytes, 0, poolOffset, poolOffset + length);
  poolOffset += length;
  return bytes;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of milliseconds then 74 random bits. Time order keeps
 * B-tree inserts at the end of the index; the random part makes ids unguessable.
 */
export function newId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A short random code for links and coupons, from an alphabet without look-alikes (0/O, 1/l/I).
 * 8 characters of 57 give 1.1e14 codes: collisions stay negligible far past a million offers.
 */
export function newCode(length = 8, alphabet = CODE_ALPHABET): string {
  const bytes = randomBytes(length * 2);
  let code = '';
  for (let i = 0; code.length < length; i++) {
    if (i >= bytes.length) return code + newCode(length - code.length, alphabet);
    // Rejection sampling keeps every character equally likely.
    const byte = bytes[i]!;
    if (byte < 256 - (256 % alphabet.length)) code += alphabet[byte % alphabet.length];
  }
  return code;
}

const COUPON_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A coupon code a friend can type: upper case, no look-alikes. */
export function newCouponCode(prefix = 'FRIEND'): string {
  return `${prefix}-${newCode(8, COUPON_ALPHABET)}`;
}
