import type { ServerOptions } from 'node:http';

/** How long clients may take and how many may be connected at once. */
export interface HttpServerLimits {
  /** From the connection (or the end of the previous request) to the last header byte. */
  headersTimeoutInMs: number;
  /** From the connection to the last byte of the request, body included. */
  requestTimeoutInMs: number;
  /** How long an idle keep-alive connection is kept for the client's next request. */
  keepAliveTimeoutInMs: number;
  /** Connections past this many are closed as soon as they are accepted. */
  maxConnections: number;
}

/**
 * Node's own defaults let a client that dribbles its body hold a socket for 300 s and accept
 * connections until the process runs out of file descriptors. These bound both: a request of
 * this API is a few KB, so 30 s is generous even on a poor mobile link, and 800 connections
 * leave room under the common limit of 1024 descriptors for the database, web hooks and mail.
 */
export const DEFAULT_HTTP_SERVER_LIMITS: HttpServerLimits = {
  headersTimeoutInMs: 10_000,
  requestTimeoutInMs: 30_000,
  keepAliveTimeoutInMs: 5_000,
  maxConnections: 800,
};

/** How often Node looks for requests over their time, at most: its default (30 s) would let a timeout run late by as much. */
const MAX_CONNECTIONS_CHECK_INTERVAL_IN_MS = 1000;

/** The node:http server options that enforce the timeouts. */
export function httpServerOptions(limits: HttpServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutInMs,
    requestTimeout: limits.requestTimeoutInMs,
    keepAliveTimeout: limits.keepAliveTimeoutInMs,
    connectionsCheckingInterval: Math.max(10, Math.min(MAX_CONNECTIONS_CHECK_INTERVAL_IN_MS, Math.floor(limits.headersTimeoutInMs / 4))),
  };
}
