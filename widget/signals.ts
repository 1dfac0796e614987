/**
 * The few signals the widget needs — `signal`, `computed`, `effect`, `untracked` — with the
 * `.value` API of @preact/signals, in a fraction of its bytes. Reading `.value` inside an effect
 * or a computed subscribes it; writing a different value notifies the subscribers at once.
 * Computeds are lazy: they recompute on the first read after a source changed. Subscriptions
 * are never dropped (a stopped effect just stops running): the widget's few signals live as long
 * as the page, and a stale subscription costs no more than one extra check.
 */

/** Something that re-runs (an effect) or goes stale (a computed) when a value it read changes. */
type Observer = () => void;

export interface ReadonlySignal<T> {
  readonly value: T;
}
export interface Signal<T> {
  value: T;
}

let current: Observer | undefined;

/** Runs `fn` as `observer`: every value it reads subscribes the observer. */
function track<T>(observer: Observer | undefined, fn: () => T): T {
  const outer = current;
  current = observer;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** The subscriber list every readable value keeps. */
function subscribers() {
  const observers = new Set<Observer>();
  return {
    read: () => current && observers.add(current),
    notify: () => [...observers].forEach((observer) => observer()),
  };
}

/** A value that notifies whatever read it when it changes. */
export function signal<T>(initial: T): Signal<T> {
  let value = initial;
  const { read, notify } = subscribers();
  return {
    get value() {
      read();
      return value;
    },
    set value(next) {
      if (next === value) return;
      value = next;
      notify();
    },
  };
}

/** A value derived from others, recomputed when read after one of them changed. */
export function computed<T>(fn: () => T): ReadonlySignal<T> {
  let value: T;
  let stale = true;
  const { read, notify } = subscribers();
  const invalidate = () => {
    if (stale) return;
    stale = true;
    notify();
  };
  return {
    get value() {
      read();
      if (stale) {
        value = track(invalidate, fn);
        stale = false;
      }
      return value;
    },
  };
}

/** Runs `fn` now and again whenever a value it read changes; returns the function that stops it. */
export function effect(fn: () => void): () => void {
  let stopped = false;
  const run = () => !stopped && track(run, fn);
  run();
  return () => void (stopped = true);
}

/** Runs `fn` without subscribing the effect or computed around it. */
export const untracked = <T>(fn: () => T): T => track(undefined, fn);
