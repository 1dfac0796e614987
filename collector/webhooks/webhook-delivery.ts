import http from 'node:http';
import https from 'node:https';
import type { Kysely } from 'kysely';
import type { Site, WebhookEndpoint } from '../config/site-config.schema';
import type { SiteDirectory } from '../config/site-directory';
import type { Database, OutboxMessageRow } from '../store/tables';
import type { DeliveryHandler, DeliveryResult } from '../outbox/delivery-worker';
import { parseRetryAfter } from '../outbox/retry-schedule';
import { disableEndpoint, findDisabledEndpoint } from '../store/webhook-endpoint.repository';
import { signWebhook } from '../signing/webhook-signature';
import { talkableTypeOf } from './webhook-fan-out';
import { assertTargetUrl, guardedLookup, RefusedTargetError, type SelfAddress } from './webhook-target-guard';

/** Longest response excerpt kept with an attempt. */
export const MAX_RESPONSE_EXCERPT_IN_CHARS = 500;
/** Bytes of a response read before the connection is dropped: an excerpt needs no more. */
const MAX_RESPONSE_READ_IN_BYTES = 4096;
export const DEFAULT_REQUEST_TIMEOUT_IN_MS = 10_000;
const USER_AGENT = 'Vouch-Webhooks/1 (+https://github.com/vouch)';

/**
 * The handler of kind "webhook": signs the stored payload for this attempt with its endpoint's
 * current secrets, posts it to that endpoint (the site's webhook_url for a message that names
 * none; redirects not followed, private hosts refused unless allowed), as JSON or Talkable's form
 * post, and turns the answer into a DeliveryResult. 2xx is delivered; 410 disables the URL; anything else
 * (other statuses, timeouts, connection errors, refusals) is retried.
 */
export function webhookHandler(config: {
  db: Kysely<Database>;
  sites: SiteDirectory;
  self: () => SelfAddress;
  requestTimeoutInMs?: number;
}): DeliveryHandler {
  const timeoutInMs = config.requestTimeoutInMs ?? DEFAULT_REQUEST_TIMEOUT_IN_MS;
  return async (message: OutboxMessageRow): Promise<DeliveryResult> => {
    const site = config.sites.byId(message.site_id);
    if (!site) return { outcome: 'retry', error: 'the site is no longer in the configuration' };
    const target = message.endpoint_url ?? site.webhook_url;
    if (!target) return { outcome: 'retry', error: 'the site has no webhook_url' };
    const endpoint = site.webhook_endpoints.find((candidate) => candidate.url === target);
    if (!endpoint) return { outcome: 'retry', target, error: 'the endpoint is no longer in the configuration' };
    const disabled = await findDisabledEndpoint(config.db, site.id, target);
    if (disabled) {
      return { outcome: 'disabled', target, error: `the endpoint is disabled since ${disabled.disabled_at} (${disabled.disabled_reason}); redeliver to enable it` };
    }
    try {
      const answer = await postToEndpoint(site, endpoint, message.id, message.event_type, message.payload, config.self(), timeoutInMs);
      const result = { target, responseStatus: answer.status, responseExcerpt: answer.excerpt, responseBody: answer.body };
      if (answer.status >= 200 && answer.status < 300) return { outcome: 'delivered', ...result };
      if (answer.status === 410) {
        await disableEndpoint(config.db, site.id, target, `410 Gone on web hook ${message.id}`, new Date());
        return { outcome: 'disabled', ...result, error: 'HTTP 410 Gone: the endpoint is disabled until a redelivery' };
      }
      const redirect = answer.status >= 300 && answer.status < 400 ? ` (redirects are not followed; configure the final URL)` : '';
      return { outcome: 'retry', ...result, error: `HTTP ${answer.status}${redirect}`, retryAfterInMs: parseRetryAfter(answer.retryAfter, new Date()) };
    } catch (error) {
      const reason = error instanceof RefusedTargetError ? `refused: ${error.message}` : `${(error as Error).message}`;
      return { outcome: 'retry', target, error: reason };
    }
  };
}

/**
 * Talkable's form post: its constant security `key`, the `site` slug, Talkable's name of the web
 * hook as `type`, and the JSON `payload`. The Standard Webhooks signature covers this whole body.
 */
function talkableFormBody(key: string, siteSlug: string, eventType: string, payload: string): string {
  return new URLSearchParams({ key, site: siteSlug, type: talkableTypeOf(eventType), payload }).toString();
}

/** What an endpoint answered one POST. */
export interface EndpointAnswer {
  status: number;
  retryAfter: string | undefined;
  /** The first MAX_RESPONSE_EXCERPT_IN_CHARS characters, as attempts keep them. */
  excerpt: string;
  /** The first few kilobytes, for the callers that read the answer (Create Coupon, Check Unsubscribe). */
  body: string;
}

/**
 * Signs a payload for one endpoint (its secrets, Standard Webhooks headers, Talkable's form
 * post when the endpoint uses it) and POSTs it: the one HTTP client of every web hook, behind
 * the target guard (http(s) only, not the collector itself, private hosts refused unless the
 * site allows them, checked again at connection time), redirects not followed, within the
 * timeout. Throws on a refusal, connection error or timeout; any status is an answer.
 */
export async function postToEndpoint(
  site: Site,
  endpoint: WebhookEndpoint,
  webhookId: string,
  eventType: string,
  payload: string,
  self: SelfAddress,
  timeoutInMs: number,
): Promise<EndpointAnswer> {
  const body = endpoint.format === 'form' ? talkableFormBody(endpoint.key, site.site_slug, eventType, payload) : payload;
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': endpoint.format === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(endpoint.secrets, webhookId, timestamp, body),
  };
  const url = new URL(endpoint.url);
  const allowPrivate = site.allow_private_webhook_hosts;
  assertTargetUrl(url, self, allowPrivate);
  return post(url, headers, body, timeoutInMs, guardedLookup(url, self, allowPrivate));
}

/** One POST with no connection reuse (every attempt resolves and checks its address anew). */
function post(url: URL, headers: Record<string, string>, body: string, timeoutInMs: number, lookup: http.RequestOptions['lookup']): Promise<EndpointAnswer> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
      lookup,
    });
    const timer = setTimeout(() => request.destroy(new Error(`no complete answer within ${timeoutInMs} ms`)), timeoutInMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const finish = () => {
        clearTimeout(timer);
        const retryAfter = response.headers['retry-after'];
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          excerpt: text.slice(0, MAX_RESPONSE_EXCERPT_IN_CHARS),
          body: text,
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        read += chunk.length;
        // Enough for the excerpt: stop reading a receiver that streams a large page back.
        if (read >= MAX_RESPONSE_READ_IN_BYTES) response.destroy();
      });
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', () => finish());
    });
    request.end(body);
  });
}
