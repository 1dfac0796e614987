/**
 * The merchant's `vouch('on', name, callback)` listeners. A callback that throws is reported as an
 * error (to the other error listeners), never into the page.
 */
import type { Campaign, Offer } from './response-shape';
import { VouchError } from './vouch-error';
import type { SocialChannel } from '../collector/contract/share-channels';

/** Each event's payload. */
export interface VouchEvents {
  /** An offer is on screen. */
  ready: { offer: Offer; campaign: Campaign };
  /** The advocate shared through one channel. */
  share: { channel: SocialChannel | 'email'; offer: Offer };
  /** This page's URL carried a claim's visitor uuid, now kept in the cookie. */
  claim: { uuid: string };
  error: VouchError;
}

export type EventName = keyof VouchEvents;

export const EVENT_NAMES: readonly EventName[] = ['ready', 'share', 'claim', 'error'];

type Listener<Name extends EventName> = (payload: VouchEvents[Name]) => void;

export interface Events {
  on<Name extends EventName>(name: Name, listener: Listener<Name>): void;
  emit<Name extends EventName>(name: Name, payload: VouchEvents[Name]): void;
}

/** Listener lists; `claim` is sticky: a listener added after the capture still hears it. */
export function createEvents(): Events {
  const listeners: { [Name in EventName]?: Listener<Name>[] } = {};
  let claimed: VouchEvents['claim'] | undefined;
  let warned = false;

  const call = <Name extends EventName>(name: Name, listener: Listener<Name>, payload: VouchEvents[Name]) => {
    try {
      listener(payload);
    } catch (error) {
      if (name !== 'error') emit('error', new VouchError('callback', `${name} callback threw ${error}`));
    }
  };

  function emit<Name extends EventName>(name: Name, payload: VouchEvents[Name]): void {
    if (name === 'claim') claimed = payload as VouchEvents['claim'];
    const list = (listeners[name] ?? []) as Listener<Name>[];
    for (const listener of list) call(name, listener, payload);
    // One warning per page at most, so a merchant without an error listener still has a clue.
    if (name === 'error' && !list.length && !warned) {
      warned = true;
      console.warn('vouch:', payload);
    }
  }

  return {
    on(name, listener) {
      ((listeners[name] ??= []) as Listener<typeof name>[]).push(listener);
      if (name === 'claim' && claimed) call(name, listener, claimed as VouchEvents[typeof name]);
    },
    emit,
  };
}
