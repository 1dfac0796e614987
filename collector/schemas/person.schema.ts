import * as v from 'valibot';
import { UUID_PATTERN } from '../contract/visitor-uuid';
import { ApiKey, Email, NoControlCharacters, SiteSlug, StringOrNumberId } from './common.schema';
import { PersonCustomProperties } from './origin.schema';

/** /api/v2/people/:person_slug/...: the person's email (Talkable), or the merchant's customer id. */
export const PersonSlugParams = v.object({ person_slug: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(254), NoControlCharacters) });

/** POST /api/v2/people/:person_slug/anonymize (Talkable's body). */
export const AnonymizePersonBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
});

/** GET /api/v2/people/:person_slug/personal_data */
export const PersonalDataQuery = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
});

/** GET /api/v2/people/:person_slug and its referrals_as_advocate, rewards and shares_by. */
export const PersonQuery = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
});

const PersonName = v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(200), NoControlCharacters));

/** PUT /api/v2/people/:person_slug (Talkable's body): data holds what changes; a key left out keeps its value, null clears it. */
export const UpdatePersonBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  data: v.strictObject(
    {
      first_name: v.optional(PersonName),
      last_name: v.optional(PersonName),
      username: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100), NoControlCharacters, v.check((name) => !name.includes('@'), 'must not be an email address')))),
      customer_id: v.optional(v.nullable(v.pipe(StringOrNumberId, v.transform(String)))),
      person_custom_properties: v.optional(v.nullable(PersonCustomProperties)),
      sub_choice: v.optional(v.boolean('must be true or false')),
      unsubscribed: v.optional(v.boolean('must be true or false')),
    },
    'has an unknown key: it takes first_name, last_name, username, customer_id, person_custom_properties, sub_choice, unsubscribed',
  ),
});

/** POST /api/v2/people/:person_slug/unsubscribe (Talkable's body). */
export const UnsubscribePersonBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
});

/** Talkable's reward statuses as GET /api/v2/rewards filters them (Paid by default). */
export const REWARD_STATUS_FILTERS = ['Paid', 'Unpaid', 'Voided', 'All'] as const;

/** GET /api/v2/rewards: a visitor's rewards, by visitor_uuid (Talkable) or email (Vouch). */
export const RewardsQuery = v.pipe(
  v.object({
    site_slug: SiteSlug,
    api_key: v.optional(ApiKey),
    visitor_uuid: v.optional(v.pipe(v.string(), v.trim(), v.regex(UUID_PATTERN, 'must be a visitor uuid'))),
    email: v.optional(Email),
    status: v.optional(v.picklist(REWARD_STATUS_FILTERS, `must be one of ${REWARD_STATUS_FILTERS.join(', ')}`), 'Paid'),
  }),
  v.forward(
    v.check((query) => query.visitor_uuid !== undefined || query.email !== undefined, 'is required (or email)'),
    ['visitor_uuid'],
  ),
);

/** POST /api/v2/visitors (Talkable's body): the uuid the merchant's server made; Vouch makes one when it is left out. */
export const CreateVisitorBody = v.object({
  site_slug: SiteSlug,
  api_key: v.optional(ApiKey),
  data: v.optional(v.object({ uuid: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(UUID_PATTERN, 'must be a uuid'))) }), {}),
});
