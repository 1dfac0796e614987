import type { Site } from '../config/site-config.schema';
import type { Services } from '../http/app-env';

/** The shops whose web hooks the collector takes: `POST /connect/<platform>/<site_slug>`. */
export const CONNECTOR_PLATFORMS = ['shopify', 'woocommerce', 'stripe'] as const;

export type ConnectorPlatform = (typeof CONNECTOR_PLATFORMS)[number];

/** The request as a connector sees it: the raw body exactly as it arrived (signatures cover its bytes) and its headers. */
export interface ConnectorRequest {
  body: Uint8Array;
  header: (name: string) => string | undefined;
  /** The collector's time: a Stripe signature's age is measured with it. */
  now: Date;
}

/** A delivery whose signature checked out: the platform's id for it, its topic, and the parsed payload. */
export interface VerifiedDelivery {
  deliveryId: string;
  topic: string;
  payload: unknown;
}

/** What a connector made of a request before acting on it. */
export type Verdict =
  | { kind: 'verified'; delivery: VerifiedDelivery }
  /** A platform's own "is this address alive" call, which carries nothing to verify or record. */
  | { kind: 'ping' }
  /** Not signed by the platform with the site's secret: answered 401, nothing written. */
  | { kind: 'unverified'; header: string; detail: string };

/** What handling a verified delivery came to, answered to the platform and logged. */
export interface Outcome {
  /** recorded (an origin), refunded (an origin's refund), noted (a reference only), ignored. */
  outcome: 'recorded' | 'refunded' | 'noted' | 'ignored';
  /** Why it was ignored, or what was noted: a stable word, then detail. */
  reason?: string;
  /** The origin it recorded or refunded (an order number, or "category:number" of an Event). */
  origin_slug?: string;
}

/** One platform's adapter from its documented web hooks to Vouch's domain operations. */
export interface Connector {
  platform: ConnectorPlatform;
  /** Checks the platform's signature over the raw body with the site's secret, in constant time. */
  verify(site: Site, request: ConnectorRequest): Verdict;
  /** Maps a verified delivery to an origin, a refund or nothing; never throws on a payload it cannot use. */
  handle(services: Services, site: Site, delivery: VerifiedDelivery): Promise<Outcome>;
}

/** An outcome for a delivery Vouch has no use for, or cannot use. */
export function ignored(reason: string): Outcome {
  return { outcome: 'ignored', reason };
}
