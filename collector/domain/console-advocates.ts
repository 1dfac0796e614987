import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { AdvocateResult, AdvocatesResult, OverviewStatus } from '../contract/console-api';
import { isEmailAddress, normalizeEmail } from '../contract/email-recipients';
import { UUID_PATTERN } from '../contract/visitor-uuid';
import { advocateReferrals, advocateRewards, advocateStatusCounts, findSitePerson, offersWithLinksOf, rankAdvocates } from '../store/advocate-ranking.repository';
import { statusChangesOf } from '../store/referral.repository';
import { rewardsOfReferrals } from '../store/reward.repository';
import type { Database, PersonRow } from '../store/tables';
import { explainReferral } from './referral-explanation';
import { Refusal } from './refusal';

/** The console's advocates: the ranking, and one advocate's page. */

/** The most referrals an advocate's page lists. */
const ADVOCATE_PAGE_REFERRALS = 100;

/** One page of the ranking; the cursor is the position of the next page's first advocate. */
export async function advocatesPage(db: Kysely<Database>, site: Site, page: { offset: number; limit: number }): Promise<AdvocatesResult> {
  const rows = await rankAdvocates(db, site.id, page);
  return {
    advocates: rows.map((row) => ({
      id: row.id,
      email: row.email,
      name: nameOf(row),
      approved_referrals: row.approved,
      referrals: row.referrals,
      referred_revenue: Math.round(row.revenue * 100) / 100,
    })),
    next_cursor: rows.length === page.limit ? String(page.offset + page.limit) : null,
  };
}

/** An advocate of the site, named by their person id or their address; refused when none is. */
export async function advocatePage(db: Kysely<Database>, site: Site, idOrEmail: string, now: Date): Promise<AdvocateResult> {
  const key = UUID_PATTERN.test(idOrEmail) ? { id: idOrEmail.toLowerCase() } : isEmailAddress(normalizeEmail(idOrEmail)) ? { email: normalizeEmail(idOrEmail) } : undefined;
  const person = key ? await findSitePerson(db, site.id, key) : undefined;
  if (!person) throw new Refusal({ code: 'advocate_not_found', kind: 'not_found', field: 'advocate', detail: 'names no advocate of this site (an id or an email address)' });

  const [offers, counts, referrals, rewards] = await Promise.all([
    offersWithLinksOf(db, person.id),
    advocateStatusCounts(db, person.id),
    advocateReferrals(db, person.id, ADVOCATE_PAGE_REFERRALS),
    advocateRewards(db, person.id),
  ]);
  const ids = referrals.map((referral) => referral.id);
  const [history, referralRewards] = await Promise.all([statusChangesOf(db, ids), rewardsOfReferrals(db, ids)]);
  const of = (...statuses: string[]) => statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  const statusCounts: Record<OverviewStatus, number> = {
    pending: of('pending', 'unblocked'),
    flagged: of('flagged'),
    approved: of('approved'),
    voided: of('voided'),
    blocked: of('blocked'),
  };
  return {
    advocate: { id: person.id, email: person.email, name: nameOf(person), created_at: person.created_at },
    offers: offers.map((offer) => ({
      id: offer.id,
      short_url_code: offer.short_url_code,
      friend_coupon_code: offer.friend_coupon_code,
      created_at: offer.created_at,
      links: offer.links.map((link) => ({ channel: link.channel, code: link.code })),
    })),
    counts: { ...statusCounts, total: Object.values(statusCounts).reduce((a, b) => a + b, 0) },
    rewards: rewards.map((reward) => ({
      id: reward.id,
      referral_id: reward.referral_id,
      amount: reward.amount,
      incentive: reward.incentive,
      description: reward.incentive_description,
      coupon_code: reward.coupon_code,
      created_at: reward.created_at,
      reversed_at: reward.reversed_at ?? null,
    })),
    referrals: referrals.map((referral) => ({
      id: referral.id,
      status: referral.status,
      created_at: referral.created_at,
      friend_email: referral.friend_email,
      order_number: referral.order_number ?? referral.referred_order_number,
      subtotal: referral.subtotal,
      explanation: explainReferral({
        referral,
        history: history.filter((change) => change.referral_id === referral.id),
        rewards: referralRewards.filter((reward) => reward.referral_id === referral.id),
        approvalMode: site.approval.mode,
        purchaseVerified: referral.origin_verified === null || referral.origin_verified === 1,
        now,
      }),
    })),
  };
}

function nameOf(person: Pick<PersonRow, 'first_name' | 'last_name'>): string | null {
  return [person.first_name, person.last_name].filter(Boolean).join(' ') || null;
}
