import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { CouponsResult, CouponUploadResult, PoolLevel, PoolSide } from '../contract/console-api';
import { drawsFromPool } from '../domain/coupon-pool';
import { TOP_UP_DAYS, topUpThreshold } from '../domain/coupon-top-up-rule';
import { uploadPoolCodes } from '../domain/coupon-upload';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleSiteParams, CouponListQuery, CouponUploadBody } from '../schemas/console.schema';
import { countCodesUsedSince, listPoolCodes, poolLevels } from '../store/coupon.repository';
import type { Database } from '../store/tables';

const DEFAULT_PAGE_SIZE = 50;
const DAY_IN_MS = 24 * 60 * 60 * 1000;

/**
 * The console's coupon pools: levels, the codes used and unused, and uploading codes. Any user
 * who may see the site reads them; uploading is for owners, as it changes what rewards hand out.
 */
export function registerConsoleCouponRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/coupons',
      summary: 'Coupon pool levels per side (available, used, total, and low when under the top-up threshold) and one pool\'s unused or used codes, newest first.',
      access: 'console',
      params: ConsoleSiteParams,
      query: CouponListQuery,
    },
    async (c, { site, query }) => {
      const { services } = c.var;
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const codes = await listPoolCodes(services.db, { siteId: site.id, kind: query.kind, used: query.used === 'true', before: query.cursor, limit });
      const result: CouponsResult = {
        pools: await levelsOf(services.db, site, services.console.now()),
        codes,
        next_cursor: codes.length === limit ? codes.at(-1)!.id : null,
      };
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    {
      method: 'post',
      path: '/console/api/sites/:site/coupons',
      summary: 'Adds codes to a pool, checked as POST /api/v2/coupons checks them; codes the site already has are skipped. Answers added and skipped. Owners only.',
      access: 'console owner',
      params: ConsoleSiteParams,
      body: CouponUploadBody,
    },
    async (c, { site, body, session }) => {
      const { services } = c.var;
      const now = services.console.now();
      const counts = await uploadPoolCodes(services.db, site, { kind: body.kind, codes: body.codes }, { userId: session.user.id, email: session.user.email }, now);
      const result: CouponUploadResult = { ...counts, pools: await levelsOf(services.db, site, now) };
      return c.json({ ok: true, result }, 201);
    },
  );
}

/**
 * Each pool's level, low by the rule that tops up Create Coupon pools (under TOP_UP_DAYS of
 * recent use, at least 20) — only for a side whose reward draws from its pool: a pool nothing
 * takes from cannot run out.
 */
async function levelsOf(db: Kysely<Database>, site: Site, now: Date): Promise<Record<PoolSide, PoolLevel>> {
  const levels = await poolLevels(db, site.id);
  const since = new Date(now.getTime() - TOP_UP_DAYS * DAY_IN_MS).toISOString();
  const level = async (side: PoolSide): Promise<PoolLevel> => {
    const { available, used } = levels[side];
    const threshold = topUpThreshold(await countCodesUsedSince(db, site.id, side, since));
    const inUse = drawsFromPool(site, side);
    return { available, used, total: available + used, threshold, in_use: inUse, low: inUse && available < threshold };
  };
  return { advocate: await level('advocate'), friend: await level('friend') };
}
