import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * Which of a site's offers a campaign's experiment or tiers count, by the campaign the offer
 * recorded (offers.campaign_id): one campaign's own, or those of every campaign that runs on the
 * site's own setting — the default campaign's (null), a removed campaign's, and any configured
 * one except those listed (the campaigns with a setting of their own).
 */
export type OfferScope = { campaignId: string } | { siteExcept: readonly string[] };

/** The condition that an offer's campaign_id column (`column`, e.g. "o.campaign_id") is in the scope. */
export function offerInScope(column: string, scope: OfferScope): Expression<SqlBool> {
  const campaign = sql.ref(column);
  if ('campaignId' in scope) return sql<SqlBool>`${campaign} = ${scope.campaignId}`;
  if (scope.siteExcept.length === 0) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(${campaign} is null or ${campaign} not in (${sql.join([...scope.siteExcept])}))`;
}
