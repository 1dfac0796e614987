/**
 * The console's pages are paths under /console (the collector answers every one of them with the
 * same index.html); this keeps the current one in a signal and moves between them without reloads.
 */
import { signal } from '@preact/signals';
import { CONSOLE_BASE_META } from '../contract/console-api';

/** Where the console's pages and API are: "/console", below the collector's path prefix when it has one (the page names it). */
export const BASE = document.querySelector<HTMLMetaElement>(`meta[name="${CONSOLE_BASE_META}"]`)?.content || '/console';

/** The path below /console, e.g. "/review"; "/" for the console's root. */
export const currentPath = signal(pathOf(location.pathname));
export const currentQuery = signal(new URLSearchParams(location.search));

function pathOf(pathname: string): string {
  const below = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  return below.replace(/\/+$/, '') || '/';
}

/** Goes to `path` (below /console, may carry a query), adding a history entry unless `replace`. */
export function navigate(path: string, { replace = false } = {}): void {
  const url = new URL(`${BASE}${path}`, location.origin);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  currentPath.value = pathOf(url.pathname);
  currentQuery.value = new URLSearchParams(url.search);
}

addEventListener('popstate', () => {
  currentPath.value = pathOf(location.pathname);
  currentQuery.value = new URLSearchParams(location.search);
});
