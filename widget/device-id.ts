/**
 * The device id: a random uuid kept in a first-party cookie beside the visitor uuid, sent with the
 * purchases and shares the widget reports, so the collector can tell (by its keyed hash) that an
 * advocate and a friend used one browser. It lives here in the lazy widget, not in the loader,
 * whose byte budget has no room; nothing is made before the widget runs. Under the loader's
 * `data-consent="required"` none is read, made or sent until `vouch('consent', true)`, and
 * `vouch('consent', false)` deletes it.
 */
import { DEVICE_ID_NAME } from '../collector/contract/device-id';

const COOKIE_MAX_AGE_IN_SECONDS = 365 * 24 * 60 * 60;

export interface DeviceIdKeeper {
  /** The device id, made and kept on first use; undefined while consent is needed and not given. */
  current(): string | undefined;
  /** What the page said of consent: given allows the id, refused deletes it. */
  consent(given: boolean): void;
}

/** The keeper of a page's device id; `consentRequired` as the loader's tag says. */
export function keepDeviceId(doc: Document, consentRequired: boolean): DeviceIdKeeper {
  let allowed = !consentRequired;
  return {
    current() {
      if (!allowed) return undefined;
      // DEVICE_ID_NAME spelled inside the literal, as visitor.ts does for its cookie: a RegExp built from it costs bytes.
      const kept = doc.cookie.match(/(?:^|;\s*)vouch_device=([\da-fA-F-]{36})(?:;|$)/)?.[1];
      if (kept) return kept;
      // randomUUID exists only on secure pages (https, localhost): elsewhere the widget goes without a device id.
      const made = crypto.randomUUID?.();
      if (made) doc.cookie = `${DEVICE_ID_NAME}=${made}; Max-Age=${COOKIE_MAX_AGE_IN_SECONDS}; Path=/; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
      return made;
    },
    consent(given) {
      allowed = given;
      if (!given) doc.cookie = `${DEVICE_ID_NAME}=; Max-Age=0; Path=/`;
    },
  };
}
