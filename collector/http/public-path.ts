/**
 * The collector may be mounted under a path of another site's origin (PUBLIC_URL
 * `https://shop.example/refer`), behind that site's reverse proxy. The proxy passes the path
 * through unchanged; the collector takes the prefix off itself, so its routes, and every link it
 * makes from PUBLIC_URL, stay the same with or without one.
 */

/** The path part of a public URL without its trailing slash: "/refer", or "" at the root. */
export function publicPathOf(publicUrl: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '');
}

/**
 * The route a request path names: the path below the public path when it starts with it,
 * otherwise the path itself (a health check or a proxy that already took the prefix off).
 */
export function routePath(requestPath: string, publicPath: string): string {
  if (!publicPath || !requestPath.startsWith(publicPath)) return requestPath;
  const below = requestPath.slice(publicPath.length);
  if (below === '') return '/';
  return below.startsWith('/') ? below : requestPath;
}
