/**
 * Picking and filling the widget's strings: the campaign's locale (or the merchant's choice),
 * then the merchant's overrides on top. English ships with the widget; every other language is a
 * file of its own, fetched from the collector (beside the widget) only by a page that speaks it.
 */
import { type Strings, en } from './locales/en';
import type { Reward } from './response-shape';

export type { Strings };

/** The strings of each language fetched so far, by language code; English is always there. */
export type LoadedLocales = Record<string, Strings>;

const OTHER_LOCALES: Record<string, () => Promise<Strings>> = {
  fr: () => import('./locales/fr').then((module) => module.fr),
};

/** 'fr-CA' → 'fr'. */
const languageOf = (locale: string) => locale.slice(0, 2).toLowerCase();

/** The language to fetch for a locale: one the widget has a file for, besides English (else undefined, a non-string included). */
export function languageToFetch(locale: unknown): string | undefined {
  const language = typeof locale === 'string' ? languageOf(locale) : '';
  return Object.hasOwn(OTHER_LOCALES, language) ? language : undefined;
}

/** Fetches a language's strings from the collector, beside the widget; `language` comes from languageToFetch. */
export const fetchStrings = (language: string): Promise<Strings> => OTHER_LOCALES[language]!();

/** The strings for a locale ('fr', 'fr-CA' → French once loaded; unknown → English) with overrides applied. */
export function resolveStrings(loaded: LoadedLocales, locale: string, overrides?: Partial<Strings>): Strings {
  return { ...(loaded[languageOf(locale)] ?? en), ...overrides };
}

/** Fills `{name}` placeholders; unknown ones stay as written so a typo shows rather than vanishes. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

// The amount a description starts with: "$10 back" → "$10", "10 € de réduction" → "10 €", "15% off" → "15%".
const LEADING_AMOUNT = /^[^\s\d]{0,3}\d[\d.,]*(\s?[€£¥%])?/;

/** "Give $10, get $10" from the rewards' descriptions, or "Refer a friend" when one names no amount. */
export function headline(strings: Strings, friend: Reward, advocate: Reward): string {
  const [friendAmount] = friend.incentive_description.match(LEADING_AMOUNT) ?? [];
  const [advocateAmount] = advocate.incentive_description.match(LEADING_AMOUNT) ?? [];
  return friendAmount && advocateAmount ? fill(strings.headline, { friend: friendAmount, advocate: advocateAmount }) : strings.eyebrow;
}
