/**
 * Loading one page's answer for the chosen site: loading, error (with "Try again") and ready
 * states, reloaded when the site, the query or `reloads` changes. Pages keep their own markup.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { callApi } from './api';
import { currentSite } from './session';

export type Load<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; result: T };

export function useSiteLoad<T>(pathOf: (site: string) => string, key: string): { load: Signal<Load<T>>; reload: () => void } {
  const load = useSignal<Load<T>>({ state: 'loading' });
  const reloads = useSignal(0);
  const site = currentSite.value?.slug;
  useEffect(() => {
    if (!site) return;
    let current = true;
    load.value = { state: 'loading' };
    callApi<T>('GET', pathOf(site)).then(
      (result) => {
        if (current) load.value = { state: 'ready', result };
      },
      (error: unknown) => {
        if (current) load.value = { state: 'error', message: error instanceof Error ? error.message : String(error) };
      },
    );
    return () => {
      current = false;
    };
  }, [site, key, reloads.value]);
  return { load, reload: () => (reloads.value += 1) };
}

/** The path of a site's console route. */
export function sitePath(site: string, rest: string): string {
  return `/sites/${encodeURIComponent(site)}${rest}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
