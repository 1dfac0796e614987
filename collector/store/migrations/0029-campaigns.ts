import type { Kysely } from 'kysely';

/**
 * A site may run several campaigns (README "Campaigns"): each offer records the one it was made
 * by, so its referral's rules, rewards, pages and emails are that campaign's. The configuration
 * names campaigns (its ids), so there is no table; null is the site's default campaign, which
 * every offer made before campaigns belongs to. A nullable column added in place: no table is
 * rebuilt, so SQLite's triggers stay.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offers').addColumn('campaign_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offers').dropColumn('campaign_id').execute();
}
