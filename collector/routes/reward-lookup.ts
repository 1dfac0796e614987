import type { ApiRoutes } from '../http/api-routes';
import { parsePersonSlug } from '../domain/anonymize-person';
import { usedRewardCoupons } from '../domain/person-profile';
import { talkableRewardStatus } from '../domain/talkable-reward-status';
import { RewardsQuery } from '../schemas/person.schema';
import { findPersonBySlug, peopleWithVisitorUuid, rewardsOfPeople } from '../store/person-profile.repository';
import { talkableRewardView } from '../views/talkable-reward.view';

/** GET /api/v2/rewards: Talkable's look-up of a visitor's rewards (secret key only). */
export function registerRewardLookupRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/rewards',
      summary:
        "A visitor's rewards in Talkable's shape: by visitor_uuid (the people whose purchases, sign-ups or events carried it) or, Vouch's, by email. status filters: Paid (the default, as Talkable), Unpaid, Voided or All.",
      tag: 'Rewards',
      access: 'secret',
      query: RewardsQuery,
    },
    async (c, { query, site }) => {
      const { db } = c.var.services;
      const personIds = new Set<string>();
      if (query.visitor_uuid) for (const id of await peopleWithVisitorUuid(db, site.id, query.visitor_uuid)) personIds.add(id);
      if (query.email) {
        const person = await findPersonBySlug(db, site.id, parsePersonSlug(query.email));
        if (person) personIds.add(person.id);
      }
      const rewards = (await rewardsOfPeople(db, [...personIds])).filter((reward) => query.status === 'All' || talkableRewardStatus(reward) === query.status);
      const used = await usedRewardCoupons(db, site.id, rewards);
      return c.json({ ok: true, result: { rewards: rewards.map((reward) => talkableRewardView(site, reward, used.has(reward.coupon_code ?? ''))) } });
    },
  );
}
