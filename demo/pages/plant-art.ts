/**
 * Small inline drawings instead of emoji: emoji fonts are missing on many servers and in
 * headless browsers, where they show as empty boxes.
 */
export function plantArt(leaf: string, pot: string): string {
  return `<svg viewBox="0 0 64 64" width="72" height="72" aria-hidden="true"><path d="M32 40C20 38 12 28 14 14c10 2 17 10 18 22z" fill="${leaf}"/><path d="M32 40c12-2 20-12 18-26-10 2-17 10-18 22z" fill="${leaf}" opacity=".8"/><path d="M32 42V20" stroke="${leaf}" stroke-width="3" stroke-linecap="round"/><path d="M18 42h28l-4 18H22z" fill="${pot}"/></svg>`;
}

/** The shop's logo mark. */
export const LOGO = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" class="logo"><path d="M12 21C6 19 3 13 5 4c6 1 9 6 7 17z" fill="#16a34a"/><path d="M12 21c6-2 9-8 7-17-6 1-9 6-7 17z" fill="#15803d"/></svg>';
