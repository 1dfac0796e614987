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

  it('leaves a cookie the claim already set alone (set by the server, Safari keeps it longer than a script’s)', () => {
    document.cookie = `vouch_uuid=${UUID}; Path=/`;
    const written = watchCookieWrites();
    try {
      expect(visit(`https://shop.example/welcome?vouch_uuid=${UUID}`)).toBe(UUID);
      expect(written.writes).toEqual([]);
      // Another uuid in the URL (a newer claim) replaces it.
      const newer = UUID.replace('0193', '0194');
      expect(visit(`https://shop.example/welcome?vouch_uuid=${newer}`)).toBe(newer);
      expect(written.writes).toHaveLength(1);
      expect(readVisitorUuid(document)).toBe(newer);
    } finally {
      written.stop();
    }
  });
});

/** Records what scripts write to document.cookie, still writing it. */
function watchCookieWrites(): { writes: string[]; stop(): void } {
  const writes: string[] = [];
  const own = Object.getOwnPropertyDescriptor(document, 'cookie');
  let holder: object | null = Object.getPrototypeOf(document);
  while (holder && !Object.getOwnPropertyDescriptor(holder, 'cookie')) holder = Object.getPrototypeOf(holder);
  const inherited = Object.getOwnPropertyDescriptor(holder!, 'cookie')!;
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get: () => inherited.get!.call(document),
    set: (value: string) => {
      writes.push(value);
      inherited.set!.call(document, value);
    },
  });
  const stop = () => {
    if (own) Object.defineProperty(document, 'cookie', own);
    else delete (document as unknown as Record<string, unknown>).cookie;
  };
  return { writes, stop };
}
