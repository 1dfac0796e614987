import { afterEach, describe, expect, it } from 'vitest';
import { setPageUrl } from './test-support/page-url';
import { captureVisitorUuid, readVisitorUuid } from './visitor';

const UUID = '0193c2b4-7f1e-7a22-9c3d-5e6f7a8b9c0d';

function visit(url: string) {
  setPageUrl(url);
  return captureVisitorUuid(location, document);
}

describe('visitor uuid', () => {
  afterEach(() => {
    document.cookie = 'vouch_uuid=; Max-Age=0; Path=/';
  });

  it('keeps the vouch_uuid parameter in a first-party cookie and returns it', () => {
    expect(visit(`https://shop.example/welcome?vouch_uuid=${UUID}&utm_source=x`)).toBe(UUID);
    expect(readVisitorUuid(document)).toBe(UUID);
  });

  it('does nothing on a page without the parameter', () => {
    expect(visit('https://shop.example/')).toBeUndefined();
    expect(readVisitorUuid(document)).toBeUndefined();
  });

  it('refuses values that are not uuids, so nothing odd is written to a cookie', () => {
    expect(visit('https://shop.example/?vouch_uuid=a%3B%20Domain%3Devil.example')).toBeUndefined();
    expect(readVisitorUuid(document)).toBeUndefined();
  });
});
