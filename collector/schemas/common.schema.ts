import * as v from 'valibot';
import { isEmailAddress, normalizeEmail } from '../contract/email-recipients';
import { UUID_PATTERN } from '../contract/visitor-uuid';

/** A site slug as the API takes it. */
export const SiteSlug = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(63));

/** A secret key, when the caller passes it in the body. */
export const ApiKey = v.pipe(v.string(), v.maxLength(200));

/** An email address, normalised to lower case. */
export const Email = v.pipe(
  v.string(),
  v.transform(normalizeEmail),
  v.check(isEmailAddress, 'must be an email address'),
);

/** A money amount: a finite, non-negative number (a numeric string is accepted, as form posts send). */
export const Money = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\s*\d{1,12}(\.\d{1,4})?\s*$/, 'must be a number'), v.transform(Number))], 'must be a number'),
  v.number(),
  v.finite('must be a finite number'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(1_000_000_000, 'is too large'),
);

/** A short free-text field (names, ids). */
export const ShortText = v.pipe(v.string(), v.trim(), v.maxLength(200));

/**
 * Identifiers hold no control characters: a line break inside one could make two different
 * purchases read alike in a signed message, and none belongs in an order number or a code.
 */
// eslint-disable-next-line no-control-regex
export const NoControlCharacters = v.regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters (line breaks, tabs)');

/** An identifier the merchant gives as a string or a number (order numbers, customer ids). */
export const StringOrNumberId = v.pipe(
  v.union([v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100), NoControlCharacters), v.pipe(v.number(), v.finite(), v.safeInteger())]),
);

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})([T ](\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * Whether the parts name a day and time that exist. Date.parse alone rolls impossible ones
 * over ("2026-02-30" is taken as March 2nd, "T24:00" as the next midnight).
 */
function isRealDateTime(value: string): boolean {
  const parts = ISO_DATE_TIME.exec(value);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  const [hours, minutes, seconds] = [Number(parts[5] ?? 0), Number(parts[6] ?? 0), Number(parts[8] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return false;
  const [offsetHours, offsetMinutes] = [Number(parts[11] ?? 0), Number(parts[12] ?? 0)];
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  const time = Date.parse(value);
  return Number.isFinite(time) && time >= 0 && time < Date.UTC(10000, 0, 1);
}

/** An ISO 8601 date or date-time between 1970 and 9999 that exists on the calendar. */
export const IsoDateTime = v.pipe(
  v.string(),
  v.trim(),
  v.regex(ISO_DATE_TIME, 'must be an ISO 8601 date-time'),
  v.check(isRealDateTime, 'must be a real date and time between 1970 and 9999'),
);

/** How many items one page of a list holds (a query string value). */
export const PageLimit = v.pipe(
  v.string(),
  v.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100'),
  v.transform(Number),
  v.number(),
  v.minValue(1, 'must be at least 1'),
  v.maxValue(100, 'must be at most 100'),
);

/** One of Vouch's uuids (customers, orders, offers, campaigns, referrals), in any letter case. */
export const Uuid = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(UUID_PATTERN, 'must be a uuid'));

/** An offer's id or short_url_code, as a path names it. */
export const OfferCode = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an offer id or short_url_code'));

/** The next_cursor a previous page answered: a row's id, compared as stored (lower case). */
export const Cursor = v.pipe(v.string(), v.toLowerCase(), v.regex(UUID_PATTERN, 'must be a next_cursor from a previous page'));

/** The first-party device id the widget keeps beside the visitor uuid (a random uuid it made). */
export const DeviceId = v.pipe(v.string(), v.trim(), v.uuid('must be a device id (a uuid)'));
