import { parseRetryAfter } from '../outbox/retry-schedule';

/** Longest excerpt of a platform's answer kept with an attempt. */
const MAX_EXCERPT_IN_CHARS = 500;

/**
 * What a platform's admin API answered a request to create one code: created (with the
 * platform's id of it), already there (the same code was created before: a retry after a lost
 * answer, or the merchant made it), worth retrying (5xx, 429, throttled, network), or refused
 * for good (bad credentials, a rule the platform will not take).
 */
export type ShopCodeAnswer =
  | { outcome: 'created'; target: string; status: number; excerpt: string; reference: string | null }
  | { outcome: 'exists'; target: string; status: number; excerpt: string }
  | { outcome: 'retry' | 'failed'; target: string; status: number | null; excerpt: string | null; error: string; retryAfterInMs?: number | null };

/** One HTTP answer, read whole (admin API answers are small). */
export interface PlatformResponse {
  status: number;
  text: string;
  retryAfter: string | null;
}

/**
 * Sends one request to a platform's admin API within the timeout, answering its status, body and
 * Retry-After; throws on a connection error or timeout (the caller retries). Redirects are not
 * followed: an admin API that redirects is misconfigured, and credentials must not follow.
 */
export async function platformRequest(url: string, init: { method: string; headers: Record<string, string>; body: string }, timeoutInMs: number): Promise<PlatformResponse> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutInMs) });
  return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') };
}

/** The answer for a status that is not a success: 5xx and 429 are retried (after Retry-After when given), other statuses refused. */
export function unsuccessfulAnswer(target: string, response: PlatformResponse, now = new Date()): ShopCodeAnswer {
  const retry = response.status >= 500 || response.status === 429 || response.status === 408;
  return {
    outcome: retry ? 'retry' : 'failed',
    target,
    status: response.status,
    excerpt: excerpt(response.text),
    error: `HTTP ${response.status}`,
    retryAfterInMs: parseRetryAfter(response.retryAfter, now),
  };
}

/** A network error or timeout: retried. */
export function unreachableAnswer(target: string, error: unknown): ShopCodeAnswer {
  const reason = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
  return { outcome: 'retry', target, status: null, excerpt: null, error: reason };
}

/** The start of an answer, as attempts keep it. */
export function excerpt(text: string): string {
  return text.slice(0, MAX_EXCERPT_IN_CHARS);
}
