import type { Brand } from './brand.schema';

/** Vouch's own indigo, for a site that names no brand colour. */
export const DEFAULT_BRAND_COLOUR = '#4f46e5';

/** The text on a light brand colour: black, the only dark that keeps 4.5:1 against every colour white does not. */
const DARK_TEXT = '#000000';
const LIGHT_TEXT = '#ffffff';

/** The colours a page or mail paints with: the brand's (or Vouch's) and the text that reads on it. */
export interface BrandColours {
  brand: string;
  /** White or black, whichever contrasts more with `brand` (at least 4.58:1 for any colour). */
  brandText: string;
}

/** A site's brand colours, Vouch's indigo when it names none. */
export function brandColours(brand: Brand | undefined): BrandColours {
  const colour = brand?.colour ?? DEFAULT_BRAND_COLOUR;
  return { brand: colour, brandText: textColourOn(colour) };
}

/**
 * White or black text, whichever has the higher WCAG contrast ratio against `colour` (#rrggbb).
 * The larger of the two is never below 4.58:1, so any brand colour gets readable buttons.
 */
export function textColourOn(colour: string): string {
  const background = relativeLuminance(colour);
  return contrastRatio(1, background) >= contrastRatio(background, 0) ? LIGHT_TEXT : DARK_TEXT;
}

/** The WCAG 2 contrast ratio of two relative luminances (1 to 21). */
export function contrastRatio(first: number, second: number): number {
  return (Math.max(first, second) + 0.05) / (Math.min(first, second) + 0.05);
}

/** The WCAG 2 relative luminance of a #rrggbb colour (0 for black, 1 for white). */
export function relativeLuminance(colour: string): number {
  const [red, green, blue] = [1, 3, 5].map((start) => {
    const channel = parseInt(colour.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red! + 0.7152 * green! + 0.0722 * blue!;
}
