import { describe, expect, it } from 'vitest';
import { visitorCookieValue, visitorFromCookie } from './visitor-cookie';

const SITE_KEY = 'sk_test_known_answer';
const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** HMAC-SHA256 of "visitor:<uuid>" with the site key, first 32 hex digits (computed with openssl). */
const KNOWN_TAG = '75a038e562cfa7971a3ccda7e3cf6dfd';

describe('the visitor cookie', () => {
  it('is the uuid and its tag, matching the pinned known answer', () => {
    expect(visitorCookieValue(SITE_KEY, UUID)).toBe(`${UUID}.${KNOWN_TAG}`);
  });

  it('gives back the uuid of a cookie this site issued, in any letter case', () => {
    expect(visitorFromCookie(SITE_KEY, `${UUID}.${KNOWN_TAG}`)).toBe(UUID);
    expect(visitorFromCookie(SITE_KEY, `${UUID}.${KNOWN_TAG}`.toUpperCase())).toBe(UUID);
  });

  it('treats a bare uuid (copied from a landing URL) as no cookie', () => {
    expect(visitorFromCookie(SITE_KEY, UUID)).toBeUndefined();
  });

  it("refuses a forged tag, another site's cookie and a cookie with extra parts", () => {
    expect(visitorFromCookie(SITE_KEY, `${UUID}.${'0'.repeat(32)}`)).toBeUndefined();
    expect(visitorFromCookie('sk_test_another_site', `${UUID}.${KNOWN_TAG}`)).toBeUndefined();
    expect(visitorFromCookie(SITE_KEY, `${UUID}.${KNOWN_TAG}.x`)).toBeUndefined();
  });

  it('refuses what is not a uuid, and an absent cookie', () => {
    expect(visitorFromCookie(SITE_KEY, `not-a-uuid.${KNOWN_TAG}`)).toBeUndefined();
    expect(visitorFromCookie(SITE_KEY, '')).toBeUndefined();
    expect(visitorFromCookie(SITE_KEY, undefined)).toBeUndefined();
  });
});
