/**
 * A known A/B experiment made through the API: advocates placed in chosen variants, some of their
 * offers shared, some links followed, some followed by a friend's purchase. The addresses are
 * picked with the collector's own assignment (a keyed hash of the email under the site's key),
 * so each variant gets exactly the advocates asked for, and the numbers can be worked out by hand.
 */
import { expect } from 'vitest';
import { assignmentKey, assignmentSubject, assignVariant } from '../../collector/domain/experiment-assignment';
import type { ExperimentVariant } from '../../collector/config/site-config.schema';
import { followClaimLink } from './claim-link';
import { purchase, type TestCollector } from './collector';

/** The first `count` addresses `<prefix>-<n>@example.com` the site's assignment places in `variantId`. */
export function emailsInVariant(variants: readonly Pick<ExperimentVariant, 'id' | 'weight'>[], apiKey: string, variantId: string, count: number, prefix: string): string[] {
  const key = assignmentKey(apiKey);
  const found: string[] = [];
  for (let n = 1; found.length < count; n += 1) {
    if (n > 10_000) throw new Error(`no ${count} addresses land in ${variantId}`);
    const email = `${prefix}-${n}@example.com`;
    if (assignVariant(variants as ExperimentVariant[], assignmentSubject({ id: '', email }, null), key).id === variantId) found.push(email);
  }
  return found;
}

/** What happens in one variant: its advocates' offers, how many of them are shared once, followed once, and followed by a friend who buys. */
export interface VariantPlan {
  advocates: string[];
  /** The first `shared` offers get one share each. */
  shared: number;
  /** The first `clicked` offers' links are followed once each. */
  clicked: number;
  /** Of the clicked ones, the first `referred` bring a friend's purchase of `subtotal`; the friends are `friends[i]`. */
  referred: number;
  subtotal: number;
  friends: string[];
}

/** Makes the plan through the API; answers the variant every offer (advocates' and friends') was made in. */
export async function seedVariant(collector: TestCollector, plan: VariantPlan): Promise<{ advocateVariants: string[]; friendVariants: string[] }> {
  const advocateVariants: string[] = [];
  const friendVariants: string[] = [];
  for (const [index, email] of plan.advocates.entries()) {
    const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `ADV-${email}`, subtotal: 30 }));
    expect(answer.status).toBe(201);
    const offer = answer.body.result.offer;
    advocateVariants.push(offer.variant_id);
    if (index < plan.shared) {
      const share = await collector.post(`/api/v2/offers/${offer.short_url_code}/shares/social`, { site_slug: collector.siteSlug, api_key: collector.apiKey, channel: 'whatsapp' });
      expect(share.status).toBe(201);
    }
    if (index >= plan.clicked) continue;
    const { uuid } = await followClaimLink(offer.claim_url);
    if (index >= plan.referred) continue;
    const friend = await collector.post('/api/v2/origins', purchase(collector, { email: plan.friends[index]!, order_number: `F-${email}`, subtotal: plan.subtotal, uuid }));
    expect(friend.status).toBe(201);
    expect(friend.body.result.referral?.status).toBe('pending');
    friendVariants.push(friend.body.result.offer.variant_id);
  }
  return { advocateVariants, friendVariants };
}
