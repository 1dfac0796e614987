/**
 * Attribution consent, kept by the loader. With `data-consent="required"` on the script tag the
 * visitor uuid of a claim link is kept in no cookie (so no purchase sends it) until the page calls
 * `vouch('consent', true)`; `vouch('consent', false)` deletes the cookie again. `ready` listeners
 * hear the state as `consent`: "not_required", "pending", "given" or "refused". Under required
 * consent the loader also answers `claim` listeners itself, once the uuid is kept, and passes the
 * `consent` call on to the widget, whose device id waits for it too.
 */
import { VISITOR_UUID_NAME } from '../collector/contract/visitor-uuid';
import type { Command } from './loader-contract';
import { captureVisitorUuid } from './visitor';

export type ConsentState = 'not_required' | 'pending' | 'given' | 'refused';

type Listener = (payload: unknown) => void;

export interface ConsentGate {
  /** The command as the widget should see it, or undefined when the gate answered it. */
  filter(command: Command): Command | undefined;
}

/** The gate of a page; without required consent it only adds `consent` to `ready`, and the loader keeps the uuid at once, as it always did. */
export function consentGate(required: boolean): ConsentGate {
  let state: ConsentState = required ? 'pending' : 'not_required';
  let uuid: string | undefined;
  const claimListeners: Listener[] = [];
  const hear = (listener: Listener) => {
    try {
      listener({ uuid });
    } catch {
      // A merchant's callback failing is theirs to debug; it must not reach the page.
    }
  };
  return {
    filter(command) {
      const [name, event, callback] = Array.from(command);
      if (name === 'consent') {
        if (!required) return;
        state = event ? 'given' : 'refused';
        if (!event) {
          uuid = undefined;
          document.cookie = `${VISITOR_UUID_NAME}=; Max-Age=0; Path=/`;
        } else if (!uuid && (uuid = captureVisitorUuid(location, document))) claimListeners.forEach(hear);
        // The widget hears it too: its device id waits for the same consent (device-id.ts).
        return command;
      }
      if (name !== 'on' || typeof callback !== 'function') return command;
      if (event === 'ready') return ['on', event, (payload: object) => (callback as Listener)({ ...payload, consent: state })];
      if (event !== 'claim' || !required) return command;
      claimListeners.push(callback as Listener);
      if (uuid) hear(callback as Listener);
    },
  };
}
