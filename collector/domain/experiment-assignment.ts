import { createHmac } from 'node:crypto';
import type { ExperimentVariant } from '../config/site-config.schema';
import type { OfferScope } from '../store/offer-scope';
import { keyedHash } from './fraud/keyed-hash';

/** Hex digits of the keyed hash read as the visitor's place in [0, 1): 52 bits, exact in a double. */
const PLACE_HEX_DIGITS = 13;
const PLACE_RANGE = 2 ** (PLACE_HEX_DIGITS * 4);

/**
 * The key a site's variant assignment is hashed under: derived from its api_key, so it is per site
 * and secret (nobody can pick the uuid that lands in a variant) and needs no setting of its own.
 */
export function assignmentKey(apiKey: string): string {
  return createHmac('sha256', apiKey).update('vouch experiment assignment').digest('hex');
}

/**
 * Who is being assigned, in the order that follows a person furthest: their email (the same on
 * every device), else the browser's visitor uuid, else the person's own id.
 */
export function assignmentSubject(person: { id: string; email: string | null }, visitorUuid: string | null): string {
  if (person.email) return `email:${person.email.trim().toLowerCase()}`;
  if (visitorUuid) return `uuid:${visitorUuid.toLowerCase()}`;
  return `person:${person.id}`;
}

/**
 * What is hashed to place a subject in an experiment: the subject for the site's experiment (as
 * before campaigns had their own), the campaign's id with it for a campaign's own, so a person's
 * place in one campaign's experiment says nothing of their place in another's.
 */
export function experimentSubject(scope: OfferScope, subject: string): string {
  return 'campaignId' in scope ? `campaign:${scope.campaignId}\u0000${subject}` : subject;
}

/**
 * The variant a subject falls in: a keyed hash of the subject is its place in [0, 1), and each
 * variant holds a stretch of that line as long as its share of the weights. Deterministic: the
 * same subject, key and variants give the same variant on every visit and every instance.
 */
export function assignVariant(variants: readonly ExperimentVariant[], subject: string, key: string): ExperimentVariant {
  if (variants.length === 0) throw new Error('assignVariant needs at least one variant');
  const place = Number.parseInt(keyedHash('variant', subject, key).slice(0, PLACE_HEX_DIGITS), 16) / PLACE_RANGE;
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  let reached = 0;
  for (const variant of variants) {
    reached += variant.weight / total;
    if (place < reached) return variant;
  }
  // Rounding can leave the sum a hair under 1: the last stretch runs to the end.
  return variants[variants.length - 1]!;
}
