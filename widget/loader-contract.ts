/**
 * What the loader (a classic script) and the widget module (loaded later by `import()`) agree on.
 * Types only: nothing here reaches either bundle.
 */

/** One `vouch(...)` call: the command name then its arguments (an `arguments` object or an array). */
export type Command = ArrayLike<unknown>;

/** `window.vouch` once the loader has run: the snippet's queue plus a flag that stops a second loader. */
export interface VouchFunction {
  (...args: unknown[]): void;
  q?: Command[];
  loaded?: true;
}

/** What the loader hands the widget module's `start`. */
export interface LoaderContext {
  /** Commands called before the widget arrived, in order. */
  queue: Command[];
  /** The loader's own URL: the collector's API is beside its folder. */
  scriptUrl: string;
  /** The public site slug from `data-site`. */
  site: string;
  /** Optional CSS selector from `data-target`: where to render inline. */
  target?: string;
  /** The visitor uuid captured from this page's URL, if any. */
  capturedUuid?: string;
  /** The tag's data-consent="required": the widget's device id then waits for `vouch('consent', true)`. */
  consentRequired?: boolean;
}

/** The widget module's exports as the loader uses them. */
export interface WidgetModule {
  /** Runs the queued commands and returns the function that runs later ones. */
  start(context: LoaderContext): (command: Command) => void;
}
