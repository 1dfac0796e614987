import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { NOT_PUBLIC, unmappedAddress } from '../net/public-address';

/** Why a web hook URL is not called. */
export class RefusedTargetError extends Error {
  override name = 'RefusedTargetError';
}

/** Cloud metadata services: never a web hook receiver, whatever the configuration says. */
const METADATA = new BlockList();
METADATA.addAddress('169.254.169.254', 'ipv4');
METADATA.addAddress('100.100.100.200', 'ipv4');
METADATA.addAddress('fd00:ec2::254', 'ipv6');

/** The collector's own address, so a web hook never calls the collector itself. */
export interface SelfAddress {
  /** host:port of the collector's public URL (unless it is mounted under a path) and of its listening socket. */
  hosts: string[];
  port: number;
  /**
   * Where the collector is mounted on a host it shares with the shop (PUBLIC_URL
   * https://shop.example/refer): only URLs below that path are the collector, the rest of the host
   * is the shop, whose web hook receiver may well be there.
   */
  mountedAt?: { host: string; path: string };
}

/**
 * Why an address must not be called, or null. Metadata addresses are always refused; other
 * non-public ones unless the site allows private hosts (the demo and tests use localhost).
 */
export function refusalOfAddress(address: string, allowPrivate: boolean): string | null {
  const ip = unmappedAddress(address);
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (METADATA.check(ip, family)) return `${address} is a cloud metadata address`;
  if (!allowPrivate && NOT_PUBLIC.check(ip, family)) {
    return `${address} is a private, loopback or link-local address (set allow_private_webhook_hosts to allow it)`;
  }
  return null;
}

/** Checks the URL itself: http(s), and not the collector's own host and port. */
export function assertTargetUrl(url: URL, self: SelfAddress, allowPrivate: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RefusedTargetError(`${url.protocol} URLs are not called`);
  if (self.hosts.includes(url.host.toLowerCase())) throw new RefusedTargetError('the URL points at the collector itself');
  if (self.mountedAt && url.host.toLowerCase() === self.mountedAt.host && isBelow(url.pathname, self.mountedAt.path)) {
    throw new RefusedTargetError('the URL points at the collector itself');
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  // Node connects to IP literals without a lookup, so they are judged here.
  if (isIP(hostname)) {
    const refusal = refusalOfAddress(hostname, allowPrivate) ?? selfRefusal(hostname, effectivePort(url), self);
    if (refusal) throw new RefusedTargetError(refusal);
  }
}

/**
 * A DNS lookup for http.request that refuses forbidden addresses at connection time: checking
 * the address actually connected to leaves no gap for DNS rebinding between check and use.
 */
export function guardedLookup(url: URL, self: SelfAddress, allowPrivate: boolean): LookupFunction {
  const port = effectivePort(url);
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const refusal = refusalOfAddress(address, allowPrivate) ?? selfRefusal(address, port, self);
        if (refusal) return callback(new RefusedTargetError(`${hostname} resolves to ${refusal}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Whether a path is `prefix` or below it as a proxy routing by prefix would see it: dot segments
 * resolved (the URL parser did), percent-escapes decoded (nginx does), case ignored.
 */
function isBelow(pathname: string, prefix: string): boolean {
  let path = pathname.toLowerCase();
  try {
    path = decodeURIComponent(path);
  } catch {
    // A broken escape: judged as written.
  }
  const mount = prefix.toLowerCase();
  return path === mount || path.startsWith(`${mount}/`);
}

function selfRefusal(address: string, port: number, self: SelfAddress): string | null {
  const loopback = address === '::1' || address.startsWith('127.') || address === '0.0.0.0' || address === '::';
  return loopback && port === self.port ? `${address}:${port} is the collector itself` : null;
}

function effectivePort(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}
