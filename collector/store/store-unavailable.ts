/**
 * SQLSTATE classes and codes that mean the database went away rather than refused the query:
 * 08 connection exception; 57P01 admin shutdown (pg_terminate_backend, a restart); 57P02 crash
 * shutdown; 57P03 cannot connect now (starting up, in recovery); 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Socket-level failures reaching the database (down, failing over, unreachable). */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * What node-postgres says when a connection died under a query, or when the pool could not
 * get one in time. It throws plain Errors for these, so the message is all there is to go by.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Connection terminated due to connection timeout/,
];

/**
 * Whether an error means the store is out of reach for now (connection lost, database restarting
 * or failing over), so the request may be retried shortly: a 503, not a 500. Follows `cause`.
 */
export function isStoreUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    const { message } = current;
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
