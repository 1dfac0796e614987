import { afterEach, describe, expect, it } from 'vitest';
import { keepDeviceId } from './device-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('device id', () => {
  afterEach(() => {
    document.cookie = 'vouch_device=; Max-Age=0; Path=/';
  });

  it('makes one on first use, keeps it in a first-party cookie, and gives the same one after', () => {
    const first = keepDeviceId(document, false).current();
    expect(first).toMatch(UUID);
    expect(document.cookie).toContain(`vouch_device=${first}`);
    expect(keepDeviceId(document, false).current()).toBe(first);
  });

  it('under required consent reads, makes and gives none until consent, and deletes it on refusal', () => {
    const kept = keepDeviceId(document, false).current();
    const device = keepDeviceId(document, true);
    expect(device.current()).toBeUndefined();
    device.consent(true);
    expect(device.current()).toBe(kept);
    device.consent(false);
    expect(device.current()).toBeUndefined();
    expect(document.cookie).not.toContain(kept!);
  });
});
