import type { Context } from 'hono';
import type { Page } from '../pages/html';
import type { AppEnv } from './app-env';

/** Answers with an HTML page and its security headers. */
export function sendPage(c: Context<AppEnv>, page: Page, status: 200 | 404 | 429) {
  for (const [name, value] of Object.entries(page.headers)) c.header(name, value);
  return c.html(page.html, status);
}
