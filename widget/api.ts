/**
 * The widget's calls to the collector. Bodies go as JSON text under text/plain, a CORS "simple"
 * request, so no preflight doubles the latency. Every failure becomes a VouchError.
 */
import { type DashboardView, type EmailShareResult, type OfferView, isRecord, readDashboard, readEmailShareResult, readOfferView } from './response-shape';
import type { SocialChannel } from '../collector/contract/share-channels';
import { type FieldError, VouchError } from './vouch-error';

/** Past this the collector counts as down: the widget shows nothing rather than wait forever. */
export const REQUEST_TIMEOUT_IN_MS = 8000;

export type OriginType = 'Purchase' | 'AffiliateMember';

/** The shop's template gives the subject and the advocate's name: a browser sends only whom to invite and a note. */
export interface EmailShareRequest {
  recipients: string;
  body?: string;
  share_key?: string | undefined;
}

export interface Api {
  /** Creates the advocate's origin (a purchase or an affiliate sign-up) and returns its offer. */
  createOrigin(type: OriginType, data: Record<string, unknown>): Promise<OfferView>;
  /** Fetches an offer the merchant's server already created. */
  getOffer(shortUrlCode: string): Promise<OfferView>;
  /** Records a share; keepalive lets it outlive the page, since sharing often navigates away. */
  recordSocialShare(shortUrlCode: string, channel: SocialChannel): Promise<unknown>;
  /** Asks the collector to email the offer to friends. */
  shareByEmail(shortUrlCode: string, request: EmailShareRequest): Promise<EmailShareResult>;
  /** The advocate's offer and dashboard for a token the shop's server minted. */
  getDashboard(token: string): Promise<OfferView & { dashboard: DashboardView }>;
  /** The collector's dashboard page for the site, where an advocate signs in by email. */
  dashboardUrl: string;
}

/**
 * The API of the collector whose loader is at `baseUrl` (…/widget/loader.js) for one site: beside
 * the widget folder, so a collector mounted under a path (https://shop.example/refer) is found there.
 * Purchases, sign-ups and shares carry `deviceId()` when it gives one (device-id.ts).
 */
export function createApi(baseUrl: string, siteSlug: string, deviceId: () => string | undefined = () => undefined): Api {
  async function request<T>(path: string, read: (result: Record<string, unknown>) => T | undefined, body?: object): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_IN_MS);
    let response: Response | undefined;
    const unexpected = (status: number) => new VouchError('bad_response', `unexpected answer to ${path}`, status);
    try {
      response = await fetch(new URL(`../api/v2/${path}`, baseUrl), {
        signal: controller.signal,
        ...(body && {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          body: JSON.stringify({ site_slug: siteSlug, ...body }),
          keepalive: true,
        }),
      });
      const answer: unknown = await response.json();
      const result = isRecord(answer) && answer.ok === true && isRecord(answer.result) ? read(answer.result) : undefined;
      if (response.ok && result) return result;
      if (response.ok || !isRecord(answer)) throw unexpected(response.status);
      const errors = (Array.isArray(answer.errors) ? answer.errors.filter(isRecord) : []) as unknown as FieldError[];
      const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
      throw new VouchError('rejected', String(answer.error_message), response.status, errors, retryAfter, answer.code);
    } catch (error) {
      if (error instanceof VouchError) throw error;
      // No response: down or timed out. A response that did not parse or fit: not the API's shape.
      throw response ? unexpected(response.status) : new VouchError(controller.signal.aborted ? 'timeout' : 'network', `no answer to ${path}`);
    } finally {
      clearTimeout(timer);
    }
  }

  const offerPath = (code: string) => `offers/${encodeURIComponent(code)}`;
  return {
    createOrigin: (type, data) => request('origins', readOfferView, { type, data: { device_id: deviceId(), ...data } }),
    getOffer: (code) => request(`${offerPath(code)}?site_slug=${encodeURIComponent(siteSlug)}`, readOfferView),
    recordSocialShare: (code, channel) => request(`${offerPath(code)}/shares/social`, (result) => result, { channel, device_id: deviceId() }),
    shareByEmail: (code, share) => request(`${offerPath(code)}/shares/email`, readEmailShareResult, { ...share, device_id: deviceId() }),
    getDashboard: (token) => request('dashboard', readDashboard, { token }),
    dashboardUrl: new URL(`../me/${encodeURIComponent(siteSlug)}`, baseUrl).href,
  };
}
