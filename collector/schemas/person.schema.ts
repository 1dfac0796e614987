import * as v from 'valibot';
import { ApiKey, NoControlCharacters, SiteSlug } from './common.schema';

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
