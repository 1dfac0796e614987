/**
 * A paged list on a console page: the first page (loading, error with "Try again", ready),
 * loaded again when `key` changes or on `reload()`; `loadMore()` appends the next page. A next
 * page that fails keeps the rows already shown and says why (`moreError`), so one failed
 * "Show more" never takes away what the user was reading. Pages keep their own markup.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { callApi } from './api';
import { messageOf } from './use-site-load';

export type PagedLoad<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; items: T[]; nextCursor: string | null; loadingMore: boolean; moreError: string | null };

export interface PagedList<T> {
  load: Signal<PagedLoad<T>>;
  reload: () => void;
  loadMore: () => Promise<void>;
  /** Changes the rows on screen (rows that left the list after an action, say). */
  update: (change: (items: T[]) => T[]) => void;
}

/**
 * `pathOf(cursor)` is the GET path of a page (null: nothing to load yet, such as no site chosen);
 * `itemsOf` takes the rows out of an answer, whose `next_cursor` says whether more follow.
 */
export function usePagedList<R extends { next_cursor: string | null }, T>(pathOf: ((cursor: string | null) => string) | null, itemsOf: (result: R) => T[], key: string): PagedList<T> {
  const load = useSignal<PagedLoad<T>>({ state: 'loading' });
  const reloads = useSignal(0);
  // Which first load the rows on screen came from: a next page asked for before the list was
  // loaded again (another site, another filter) must not be appended to the new one.
  const generation = useRef(0);

  useEffect(() => {
    if (!pathOf) return;
    const mine = ++generation.current;
    load.value = { state: 'loading' };
    callApi<R>('GET', pathOf(null)).then(
      (result) => {
        if (generation.current === mine) load.value = { state: 'ready', items: itemsOf(result), nextCursor: result.next_cursor, loadingMore: false, moreError: null };
      },
      (error: unknown) => {
        if (generation.current === mine) load.value = { state: 'error', message: messageOf(error) };
      },
    );
    return () => {
      generation.current++;
    };
  }, [key, reloads.value]);

  const loadMore = async () => {
    const now = load.value;
    if (!pathOf || now.state !== 'ready' || !now.nextCursor || now.loadingMore) return;
    const mine = generation.current;
    load.value = { ...now, loadingMore: true, moreError: null };
    try {
      const result = await callApi<R>('GET', pathOf(now.nextCursor));
      const latest = load.value;
      if (generation.current !== mine || latest.state !== 'ready') return;
      load.value = { ...latest, items: [...latest.items, ...itemsOf(result)], nextCursor: result.next_cursor, loadingMore: false };
    } catch (error) {
      const latest = load.value;
      if (generation.current === mine && latest.state === 'ready') load.value = { ...latest, loadingMore: false, moreError: messageOf(error) };
    }
  };

  const update = (change: (items: T[]) => T[]) => {
    const now = load.value;
    if (now.state === 'ready') load.value = { ...now, items: change(now.items) };
  };

  return { load, reload: () => (reloads.value += 1), loadMore, update };
}

/** A paged console path: `base` with, after the first page, the cursor. */
export function pagePath(base: string, cursor: string | null): string {
  if (!cursor) return base;
  return `${base}${base.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
}
