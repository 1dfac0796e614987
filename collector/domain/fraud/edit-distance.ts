/**
 * The Damerau–Levenshtein distance between two strings (optimal string alignment: insertions,
 * deletions, substitutions and swaps of two neighbours, each 1), or `limit + 1` as soon as it is
 * known to exceed `limit`. Bounded so that comparing long strings costs a band, not a square:
 * the similar-email signal only asks whether two local parts are one or two edits apart.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const left = [...a];
  const right = [...b];
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) best = Math.min(best, previousPrevious[j - 2]! + 1);
      current.push(best);
      rowMinimum = Math.min(rowMinimum, best);
    }
    if (rowMinimum > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return Math.min(previous[right.length]!, limit + 1);
}
