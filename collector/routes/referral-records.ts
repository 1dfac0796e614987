import { UUID_PATTERN } from '../contract/visitor-uuid';
import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { REVERB_OK, reverbOk } from '../http/reverb-envelope';
import { encodeRecordCursor } from '../store/record-cursor';
import { createReferralRecord } from '../domain/referral-record';
import { CreateReferralRecordBody, MAX_RECORDS_PER_PAGE, ReferralRecordParams, ReferralRecordsQuery } from '../schemas/referral-record.schema';
import { findPerson } from '../store/person.repository';
import { listAdvocateReferrals, loadRecordContext } from '../store/referral-record.repository';
import { findReferral } from '../store/referral.repository';
import { referralRecordView } from '../views/referral-record.view';

/** Records per page of a customer's referrals when the call does not say. */
export const DEFAULT_RECORDS_PER_PAGE = 25;

const TAG = 'Referral records (Reverb API v1)';

/** Reverb's referral records API over the same referrals as the Talkable-shaped API. */
export function registerReferralRecordRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/v1/referrals/:uuid',
      summary:
        "One path, two answers, as Reverb's: a referral's uuid answers data.referral; a customer's uuid answers data.referrals, every referral where that customer is the advocate, oldest first, " +
        `paged by limit (default ${DEFAULT_RECORDS_PER_PAGE}, at most ${MAX_RECORDS_PER_PAGE}) and cursor (data.next_cursor, null on the last page). Uuids are unique across referrals and customers, so one lookup tells them apart.`,
      tag: TAG,
      access: 'consumer',
      params: ReferralRecordParams,
      query: ReferralRecordsQuery,
    },
    async (c, { query, params: { uuid }, site }) => {
      const { db } = c.var.services;
      if (UUID_PATTERN.test(uuid)) {
        const referral = await findReferral(db, uuid);
        if (referral?.site_id === site.id) {
          return reverbOk(c, { referral: referralRecordView(site, referral, await loadRecordContext(db, [referral])) });
        }
        const customer = await findPerson(db, uuid);
        if (customer?.site_id === site.id) {
          const limit = query.limit ?? DEFAULT_RECORDS_PER_PAGE;
          // One more than the page: whether it exists is whether there is a next page.
          const rows = await listAdvocateReferrals(db, { siteId: site.id, advocatePersonId: customer.id, after: query.cursor, limit: limit + 1 });
          const page = rows.slice(0, limit);
          const context = await loadRecordContext(db, page);
          return reverbOk(c, {
            referrals: page.map((row) => referralRecordView(site, row, context)),
            next_cursor: rows.length > limit ? encodeRecordCursor(page.at(-1)!) : null,
            limit,
          });
        }
      }
      throw new ApiError(404, 'not_found', 'Not Found: no referral or customer of this site has this uuid', [{ field: 'uuid', message: 'is not a referral or customer uuid of this site' }]);
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/v1/referrals',
      summary:
        'Create a referral record by hand, with Reverb\'s fields and rules (reward_action_type 1 referred purchase, 2 referred enroll, 3 reached N clicks, 4 reached N shares). It is a referral like any other: approval, rewards and the Referral web hook follow. An order, customer or threshold that already has a referral is a 409.',
      tag: TAG,
      access: 'consumer',
      body: CreateReferralRecordBody,
      acceptsForm: true,
    },
    async (c, { body, site }) => {
      const { db } = c.var.services;
      const referral = await createReferralRecord(db, site, body);
      return reverbOk(c, { referral: referralRecordView(site, referral, await loadRecordContext(db, [referral])) }, REVERB_OK);
    },
  );
}
