/** The precompressed encodings the collector can send, best first, with the file suffix each is stored under. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

export type Precompressed = (typeof PRECOMPRESSED)[number];

/**
 * The encodings an Accept-Encoding header allows, best first among those the collector has:
 * a coding is allowed when named (or covered by `*`) with a q-value above 0. Without the header
 * a client takes identity only (RFC 9110, 12.5.3).
 */
export function acceptedEncodings(header: string | undefined): Precompressed[] {
  if (!header) return [];
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    quality.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const wildcard = quality.get('*');
  return PRECOMPRESSED.filter(({ encoding }) => (quality.get(encoding) ?? wildcard ?? 0) > 0);
}
