import type { Context } from 'hono';
import { tooManyClicksPage } from '../pages/claim-page';
import type { Page } from '../pages/html';
import type { ApiError } from './api-error';
import type { AppEnv } from './app-env';

/** Answers with an HTML page and its security headers. */
export function sendPage(c: Context<AppEnv>, page: Page, status: 200 | 404 | 410 | 429) {
  for (const [name, value] of Object.entries(page.headers)) c.header(name, value);
  return c.html(page.html, status);
}

/** Answers a rate-limited page visit with the friendly 429 page and the error's Retry-After. */
export function sendTooManyClicksPage(c: Context<AppEnv>, error: ApiError) {
  const retryAfter = error.headers['Retry-After'];
  if (retryAfter) c.header('Retry-After', retryAfter);
  return sendPage(c, tooManyClicksPage(), 429);
}
