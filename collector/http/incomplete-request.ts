import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** Connections cut off by the server for sending their request too slowly. */
const timedOutSockets = new WeakSet<object>();

/** Records that the server cut this connection off because its request was too slow (HTTP_REQUEST_TIMEOUT_MS). */
export function markTimedOut(socket: object): void {
  timedOutSockets.add(socket);
}

/**
 * Why a request's body never arrived whole — the client hung up, or it was too slow and was cut
 * off — or null when it did arrive. Such a request failing is the client's doing, not a fault
 * of the collector: it is worth one short line in the log, not an error with a stack.
 */
export function incompleteRequest(c: Context): 'client closed the request' | 'request timed out' | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // Node sets `aborted` when the connection closes before the request is complete.
  if (!incoming?.aborted) return null;
  return timedOutSockets.has(incoming.socket) ? 'request timed out' : 'client closed the request';
}
