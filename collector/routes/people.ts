import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { anonymizePerson } from '../domain/anonymize-person';
import { personalDataOf } from '../domain/personal-data';
import { AnonymizePersonBody, PersonalDataQuery, PersonSlugParams } from '../schemas/person.schema';
import { countReferralsOfAdvocate } from '../store/referral.repository';
import { anonymizedPersonView } from '../views/anonymized-person.view';

/**
 * Talkable's privacy calls on a person (secret key only): POST anonymize erases their personal
 * data everywhere Vouch keeps it; GET personal_data answers all of it.
 */
export function registerPeopleRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/v2/people/:person_slug/anonymize',
      summary:
        "Erase a person's personal data (person_slug: their email, or the customer id). Names, customer id, custom properties, IP addresses, visitor uuids and user agents are cleared and the address replaced by an anonymized one everywhere (origins, shares and invites, clicks, pending web hooks and mail, the event log, notes); the suppression list keeps only a hash, so the address stays unsubscribed. Referral counts, amounts and statuses stay. The audit log keeps the receipt; calling again answers the same person.",
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      body: AnonymizePersonBody,
    },
    async (c, { params: { person_slug: slug }, site }) => {
      const { db, clock } = c.var.services;
      const anonymization = await anonymizePerson(db, site, slug, clock());
      if (!anonymization) throw ApiError.notFound('person_slug', 'person');
      const person = anonymization.people[0];
      const counts = person ? await countReferralsOfAdvocate(db, person) : { total: 0, approved: 0, pending: 0 };
      return c.json({
        ok: true,
        result: { person: anonymizedPersonView(person, counts), anonymized_at: anonymization.receipt.at, erased: anonymization.erased },
      });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/v2/people/:person_slug/personal_data',
      summary:
        "Everything Vouch keeps about a person (person_slug: their email, or the customer id): the person, their origins with IP address and visitor uuid, the invites they sent and received, their clicks (IP, user agent) and their unsubscribe.",
      tag: 'People',
      access: 'secret',
      params: PersonSlugParams,
      query: PersonalDataQuery,
    },
    async (c, { params: { person_slug: slug }, site }) => {
      const person = await personalDataOf(c.var.services.db, site, slug);
      if (!person) throw ApiError.notFound('person_slug', 'person');
      return c.json({ ok: true, result: { person } });
    },
  );
}
