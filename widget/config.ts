/**
 * The merchant's options, from `vouch('config', {...})` or the third argument of
 * purchase / affiliate / offer. Values of the wrong type are dropped, so they cannot break rendering.
 */
import { isRecord } from './response-shape';
import type { Strings } from './strings';

export interface Config {
  /** CSS selector of the element to render inline into. Without one, a floating launcher. */
  target?: string;
  /** Forces a locale instead of the campaign's. */
  locale?: string;
  /** Overrides for any string, in every locale. */
  strings?: Partial<Strings>;
  /** Whether the floating panel opens by itself when an offer arrives (default true; never on a phone). */
  autoOpen?: boolean;
  /** The offer's share_key, for `vouch('offer', code, …)`: lets the advocate send email invites. */
  shareKey?: string;
  /** false hides the offer's "See your referrals" link (the dashboard page itself shows the offer). */
  dashboardLink?: boolean;
}

const onlyStrings = (value: unknown) => Object.fromEntries(Object.entries(isRecord(value) ? value : {}).filter(([, text]) => typeof text === 'string'));

/** Merges raw options over the current config, keeping only well-typed values. */
export function mergeConfig(current: Config, raw: unknown): Config {
  if (!isRecord(raw)) return current;
  const { target, locale, autoOpen, shareKey, dashboardLink } = raw;
  return {
    ...current,
    ...onlyStrings({ target, locale, shareKey }),
    ...(typeof autoOpen === 'boolean' && { autoOpen }),
    ...(typeof dashboardLink === 'boolean' && { dashboardLink }),
    strings: { ...current.strings, ...onlyStrings(raw.strings) },
  };
}
