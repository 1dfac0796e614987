/**
 * Picking and filling the widget's strings: the campaign's locale (or the merchant's choice),
 * then the merchant's overrides on top.
 */
import { type Strings, en } from './locales/en';
import { fr } from './locales/fr';
import type { Reward } from './response-shape';

export type { Strings };

const LOCALES: Record<string, Strings> = { en, fr };

/** The strings for a locale ('fr', 'fr-CA' → French; unknown → English) with overrides applied. */
export function resolveStrings(locale: string, overrides?: Partial<Strings>): Strings {
  return { ...(LOCALES[locale.slice(0, 2).toLowerCase()] ?? en), ...overrides };
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
