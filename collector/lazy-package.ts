import { createRequire } from 'node:module';

const requireFromHere = createRequire(import.meta.url);

/**
 * A package loaded the first time it is used instead of at start: the PostgreSQL driver, the
 * SMTP client and Stripe's SDK together are a fifth of the collector's memory and much of its
 * start, yet a SQLite collector without mail settings or a Stripe connector never calls them.
 * Only for CommonJS packages (loaded with require, so the caller can stay synchronous); found in
 * node_modules from the source and from the bundle in dist/collector/ alike.
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireFromHere(name) as T);
}
