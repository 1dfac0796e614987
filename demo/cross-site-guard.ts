import type { MiddlewareHandler } from 'hono';

/** Methods that only read: a cross-site page may cause them (links, images) and no harm is done. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a page on another site made the browser send (CSRF):
 * the merchant corner's forms approve referrals with the secret key, and a foreign page could
 * otherwise post them. A browser always says where a POST comes from, in `Origin` and, when it
 * supports Fetch Metadata, `Sec-Fetch-Site`; either pointing elsewhere is a 403. `Origin: null`
 * (a sandboxed frame, a cross-site redirect) is refused too. Callers that send neither header
 * are not browsers (curl, the collector's web hooks) and cannot carry a merchant's cookies from a
 * foreign page, so they pass. Behind a reverse proxy the shop's own pages post from its public
 * origin (`publicOrigin`), not from the address the request reached this server at.
 */
export function refuseCrossSiteRequests(publicOrigin?: string): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const fetchSite = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const fromElsewhere = (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') || (origin !== undefined && origin !== new URL(c.req.url).origin && origin !== publicOrigin);
    if (fromElsewhere) return c.text('Refused: a form on another site cannot change anything in this shop (cross-site request).', 403);
    return next();
  };
}
