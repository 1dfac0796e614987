import type { Context } from 'hono';
import { tooManyClicksPage } from '../pages/claim-page';
import type { Page } from '../pages/html';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { enforceAddressRateLimit, enforcePublicRateLimit } from './rate-limit';

/** Answers with an HTML page and its security headers. */
export function sendPage(c: Context<AppEnv>, page: Page, status: 200 | 403 | 404 | 410 | 422 | 429) {
  for (const [name, value] of Object.entries(page.headers)) c.header(name, value);
  return c.html(page.html, status);
}

/** Answers a rate-limited page visit with the friendly 429 page and the error's Retry-After. */
export function sendTooManyClicksPage(c: Context<AppEnv>, error: ApiError) {
  const retryAfter = error.headers['Retry-After'];
  if (retryAfter) c.header('Retry-After', retryAfter);
  return sendPage(c, tooManyClicksPage(), 429);
}

/**
 * Counts a page's form post against the caller's address and against the email it names; over
 * either limit, answers the friendly 429 page (the caller returns it), else undefined.
 */
export async function limitPagePost(c: Context<AppEnv>, siteId: string, email: string) {
  try {
    await enforcePublicRateLimit(c);
    await enforceAddressRateLimit(c, siteId, email);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return sendTooManyClicksPage(c, error);
    throw error;
  }
}
