import * as v from 'valibot';
import { decodeRecordCursor } from '../store/record-cursor';
import { Money, PageLimit, StringOrNumberId, Uuid } from './common.schema';

/** A whole number, as a JSON number or (form posts) a string of digits. */
const wholeNumber = (min: number, max: number) =>
  v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,9}$/, 'must be a whole number'), v.transform(Number))], 'must be a whole number'),
    v.number(),
    v.safeInteger('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** Reverb's 0/1 flags; true/false and "0"/"1" are read the same way. */
const ZeroOrOne = v.pipe(
  v.union([v.number(), v.string(), v.boolean()], 'must be 0 or 1'),
  v.transform((value) => ({ '0': 0, '1': 1, false: 0, true: 1 })[String(value).trim()] ?? -1),
  v.picklist([0, 1], 'must be 0 or 1'),
);

/** Reverb's `YYYY-MM-DD HH:MM:SS`, read as UTC, answered as an ISO 8601 instant. */
const CoolingPeriodEnd = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be YYYY-MM-DD HH:MM:SS'),
  v.transform((value) => `${value.replace(' ', 'T')}.000Z`),
  // A date that does not exist (February 30) comes back from Date as another one.
  v.check((iso) => Number.isFinite(Date.parse(iso)) && new Date(iso).toISOString() === iso, 'must be a real date and time'),
);

const RecordFields = v.object({
  website_uuid: v.optional(Uuid),
  campaign_uuid: v.optional(Uuid),
  reward_action_type: v.pipe(
    v.union([v.number(), v.string()], 'must be 1, 2, 3 or 4'),
    v.transform(Number),
    v.picklist([1, 2, 3, 4], 'must be 1 (referred purchase), 2 (referred enroll), 3 (clicks) or 4 (shares)'),
  ),
  qualified_amount: v.optional(wholeNumber(1, 1_000_000)),
  referrer_advocate_uuid: Uuid,
  referrer_order_uuid: v.optional(Uuid),
  referrer_offer_uuid: v.optional(Uuid),
  referred_customer_uuid: v.optional(Uuid),
  referred_order_uuid: v.optional(Uuid),
  referred_order_number: v.optional(v.pipe(StringOrNumberId, v.transform(String))),
  referred_offer_uuid: v.optional(Uuid),
  referred_level: v.optional(wholeNumber(1, 100)),
  /** Reverb's own example call sends `level`; it means referred_level. */
  level: v.optional(wholeNumber(1, 100)),
  reward_amount: v.optional(Money),
  incentive_amount: v.optional(Money),
  is_qualified_for_reward: v.optional(ZeroOrOne, 1),
  is_qualified_for_incentive: v.optional(ZeroOrOne, 1),
  status: v.optional(ZeroOrOne, 1),
  cooling_period_end: v.optional(CoolingPeriodEnd),
  share_code: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(64))),
});

type Fields = v.InferOutput<typeof RecordFields>;

/** A cross-field rule of Reverb's referral records API: `field` is required for these reward_action_type values. */
function requiredFor(field: 'qualified_amount' | 'referred_customer_uuid', types: readonly number[]) {
  return v.forward<Fields, v.CheckIssue<Fields>, [typeof field]>(
    v.check(
      (input: Fields) => !types.includes(input.reward_action_type) || input[field] !== undefined,
      (issue) => `is required for reward_action_type ${(issue.input as Fields).reward_action_type}`,
    ),
    [field],
  );
}

/** POST /api/v1/referrals: the fields and rules of Reverb's referral records API. Unknown fields (number_of_referrals, transaction_uuid...) are ignored. */
export const CreateReferralRecordBody = v.pipe(
  RecordFields,
  requiredFor('qualified_amount', [3, 4]),
  requiredFor('referred_customer_uuid', [1, 2]),
  v.forward<Fields, v.CheckIssue<Fields>, ['referred_order_uuid']>(
    v.check(
      (input: Fields) => input.reward_action_type !== 1 || input.referred_order_uuid !== undefined || input.referred_order_number !== undefined,
      'is required for reward_action_type 1 (or referred_order_number)',
    ),
    ['referred_order_uuid'],
  ),
);

export type ReferralRecordInput = v.InferOutput<typeof CreateReferralRecordBody>;

/** The largest page of a customer's referral records. */
export const MAX_RECORDS_PER_PAGE = 100;

/**
 * GET /api/v1/referrals/:uuid — any text: one that is no uuid of this site is a 404 in Reverb's
 * words, as an unknown one is.
 */
export const ReferralRecordParams = v.object({ uuid: v.pipe(v.string(), v.toLowerCase()) });

/** GET /api/v1/referrals/:uuid — paging of the customer form (the single-record form ignores it). */
export const ReferralRecordsQuery = v.object({
  limit: v.optional(PageLimit),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const position = decodeRecordCursor(dataset.value);
        if (position) return position;
        addIssue({ message: 'must be a next_cursor from a previous page' });
        return NEVER;
      }),
    ),
  ),
});
