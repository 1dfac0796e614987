import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { Logger } from '../logger';
import { addPoolCodes, poolSizes } from '../store/coupon.repository';
import type { Database, RewardSide } from '../store/tables';

/**
 * Adds the codes listed in the configuration (`coupon_codes`) to each site's pool at start.
 * Codes already known are skipped, so restarting with the same file adds nothing twice; a site
 * that draws from a pool that is empty is warned about now, not at the first approval.
 */
export async function loadConfiguredCoupons(db: Kysely<Database>, sites: readonly Site[], logger: Logger, now = new Date()): Promise<void> {
  for (const site of sites) {
    for (const kind of ['advocate', 'friend'] as const) {
      const codes = site.coupon_codes?.[kind];
      if (codes && codes.length > 0) await addPoolCodes(db, site.id, kind, codes, now.toISOString());
    }
    const sizes = await poolSizes(db, site.id);
    for (const kind of ['advocate', 'friend'] as const) {
      if (drawsFromPool(site, kind) && sizes[kind] === 0) {
        logger.warn(`coupon_pool_empty: site ${site.site_slug} draws ${kind} coupons from a pool that is empty; load codes with POST /api/v2/coupons`);
      }
    }
  }
}

/** Whether the site's reward for this side takes its coupon from the pool. */
export function drawsFromPool(site: Site, kind: RewardSide): boolean {
  const reward = kind === 'advocate' ? site.advocate_reward : site.friend_reward;
  return reward.incentive === 'discount_coupon' && reward.coupon_source === 'pool';
}
