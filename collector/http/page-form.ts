import type { Context } from 'hono';
import * as v from 'valibot';
import type { Site } from '../config/site-config.schema';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';
import { assertSameOrigin } from './console-session';

/** A page's form holds a few short fields: an email, a first name, a tick. */
export const MAX_PAGE_FORM_BODY_IN_BYTES = 4 * 1024;

/**
 * The text fields of a form posted from one of the collector's own pages, or undefined for a
 * post from another origin (CSRF: the console's same-origin rule, since the advocate's pages
 * set a cookie too). Files and repeated fields are dropped: the first value counts.
 */
export async function readOwnPageForm(c: Context<AppEnv>): Promise<Record<string, string> | undefined> {
  try {
    assertSameOrigin(c);
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])));
}

const SiteSlugParam = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/));

/** The site a page's `:site_slug` names, or undefined for a slug no site has. */
export function pageSite(c: Context<AppEnv>): Site | undefined {
  const slug = v.safeParse(SiteSlugParam, c.req.param('site_slug'));
  return slug.success ? c.var.services.sites.bySlug(slug.output) : undefined;
}
