import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { parsePersonSlug } from '../domain/anonymize-person';
import { personProfileFactsOf, usedRewardCoupons } from '../domain/person-profile';
import { recordUnsubscribe } from '../domain/record-unsubscribe';
import { updatePersonFromServer } from '../domain/update-person';
import { PersonQuery, PersonSlugParams, UnsubscribePersonBody, UpdatePersonBody } from '../schemas/person.schema';
import { findPersonBySlug, referralsOfAdvocate, rewardsOfPeople, sharesOfPerson } from '../store/person-profile.repository';
import type { Site } from '../config/site-config.schema';
import type { Services } from '../http/app-env';
import type { PersonRow } from '../store/tables';
import { advocateReferralView } from '../views/advocate-referral.view';
import { personProfileView } from '../views/person-profile.view';
import { personShareView } from '../views/person-share.view';
import { talkableRewardView } from '../views/talkable-reward.view';

const SLUG = 'person_slug: their email, or the customer id or username the merchant gave';

/** The person in the people API's shape, with everything it counts. */
async function personProfileOf(services: Services, site: Site, person: PersonRow) {
  return personProfileView(person, await personProfileFactsOf(services.db, site, services.publicUrl, person));
}

/** The person a path names, or a 404 naming person_slug. */
async function personNamed(services: Services, site: Site, slug: string): Promise<PersonRow> {
  const person = await findPersonBySlug(services.db, site.id, parsePersonSlug(slug));
  if (!person) throw ApiError.notFound('person_slug', 'person');
  return person;
}

/**
 * Talkable's people API (secret key only): read a person with their counts, their referrals as
 * advocate, rewards and shares; update them (the merchant's server is the authority: what it
 * sends replaces what was known); and unsubscribe their address, as the unsubscribe link does.
 */
export function registerPersonProfileRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v2/people/:person_slug',
      summary: `A person (${SLUG}) in Talkable's shape: names, username, subscription (unsubscribed_at from the suppression list), custom properties, who referred them, their referral, reward and share counts. Vouch adds id, opted_in_at, created_at.`,
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      query: PersonQuery,
    },
    async (c, { params: { person_slug: slug }, site }) => {
      const { services } = c.var;
      const person = await personNamed(services, site, slug);
      return c.json({ ok: true, result: { person: await personProfileOf(services, site, person) } });
    },
  );

  api.add(
    {
      method: 'put',
      path: '/api/v2/people/:person_slug',
      summary: `Update a person (${SLUG}), or create them when the slug is an address. data takes first_name, last_name, username, customer_id, person_custom_properties (Talkable's), sub_choice (opted in to the merchant's mail) and unsubscribed (true: on the suppression list, with the Unsubscribe web hook; false: off it). A key left out keeps its value, null clears it; what the merchant's server sends replaces what a browser said.`,
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      body: UpdatePersonBody,
    },
    async (c, { body, params: { person_slug: slug }, site }) => {
      const { services } = c.var;
      const outcome = await updatePersonFromServer(services.db, site, slug, body.data, services.clock());
      if (!outcome) throw ApiError.notFound('person_slug', 'person');
      if (outcome.webhookIds.length > 0) services.wakeOutbox();
      return c.json({ ok: true, result: { person: await personProfileOf(services, site, outcome.person), created: outcome.created } });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/v2/people/:person_slug/unsubscribe',
      summary: `Unsubscribe a person (${SLUG}) from the site's mail: their address goes on the suppression list, as with the unsubscribe link, with the Unsubscribe web hook (via "api") and event. Advocates can no longer invite it. An address that is no customer of the site is suppressed too (person is then null). Calling again changes nothing.`,
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      body: UnsubscribePersonBody,
    },
    async (c, { params: { person_slug: slug }, site }) => {
      const { services } = c.var;
      const personSlug = parsePersonSlug(slug);
      const person = await findPersonBySlug(services.db, site.id, personSlug);
      // An address that is no customer (only ever invited) is suppressed all the same: the merchant said so.
      const email = person?.email ?? personSlug.email;
      if (!email) {
        if (!person) throw ApiError.notFound('person_slug', 'person');
        throw ApiError.refused(422, 'invalid_field', 'person_slug', 'names a person without an email address: there is nothing to unsubscribe');
      }
      const webhookIds = await recordUnsubscribe(services.db, site, email, 'api', services.clock());
      if (webhookIds.length > 0) services.wakeOutbox();
      return c.json({ ok: true, result: { person: person ? await personProfileOf(services, site, person) : null } });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/v2/people/:person_slug/referrals_as_advocate',
      summary: `The referrals where the person (${SLUG}) is the advocate, newest first, in Talkable's shape (track_method cookie, coupon or email; a blocked referral's rule under fraud_policies_status.blocked).`,
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      query: PersonQuery,
    },
    async (c, { params: { person_slug: slug }, site }) => {
      const { services } = c.var;
      const person = await personNamed(services, site, slug);
      const referrals = await referralsOfAdvocate(services.db, person.id);
      return c.json({ ok: true, result: { referrals: referrals.map((entry) => advocateReferralView(site, person, entry)) } });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/v2/people/:person_slug/rewards',
      summary: `The rewards the person (${SLUG}) was given, as advocate (reason referrer) or friend (reason referred), newest first, in Talkable's shape (status Paid, Unpaid while a coupon waits for its code, Voided once a refund took it back).`,
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      query: PersonQuery,
    },
    async (c, { params: { person_slug: slug }, site }) => {
      const { db } = c.var.services;
      const person = await personNamed(c.var.services, site, slug);
      const rewards = await rewardsOfPeople(db, [person.id]);
      const used = await usedRewardCoupons(db, site.id, rewards);
      return c.json({ ok: true, result: { rewards: rewards.map((reward) => talkableRewardView(site, reward, used.has(reward.coupon_code ?? ''))) } });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/v2/people/:person_slug/shares_by',
      summary: `The shares the person (${SLUG}) made, newest first, in Talkable's shape: link, channel, type, the offer with both sides' incentives, the campaign, friends reached and clicks through the share's channel.`,
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      query: PersonQuery,
    },
    async (c, { params: { person_slug: slug }, site }) => {
      const { services } = c.var;
      const person = await personNamed(services, site, slug);
      const shares = await sharesOfPerson(services.db, person.id);
      return c.json({ ok: true, result: { shares: shares.map((entry) => personShareView(site, services.publicUrl, person.email, entry)) } });
    },
  );
}
