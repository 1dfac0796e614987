/*
 * The rule for an advocate's personal note in an invite sent from a browser: it goes out in the
 * shop's name, so it may not carry a link (the invite carries the claim link itself).
 */

// After NFKC (fullwidth letters and dots become plain ones) and with every Unicode full stop read
// as ".": a scheme, "www.", or any name.tld with a top-level domain of two or more letters.
const LINK_PATTERN = /[\p{L}][\p{L}\p{N}+.-]*:\/\/|www\.|[\p{L}\p{N}-]+\.\p{L}{2,}(?![\p{L}\p{N}])/u;
const FULL_STOPS = /[\u3002\uFF0E\uFF61\u2024\u2027\u00B7\u0589\u06D4\u0701\u0702\u1362\u166E\u1803\u1809\u2E3C\uA4FF\uA60E\uA6F3\uFE52]/gu;

/** Whether an advocate's note holds something that reads as a link (a scheme, "www.", or name.tld in any script). */
export function hasLink(text: string): boolean {
  return LINK_PATTERN.test(text.normalize('NFKC').replace(FULL_STOPS, '.'));
}
