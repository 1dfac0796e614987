/**
 * The `vouch(name, ...args)` commands. Each one is checked and handed to the controller; a call the
 * widget does not understand is reported, never thrown.
 */
import type { Controller } from './controller';
import { EVENT_NAMES, type EventName } from './events';
import type { Command } from './loader-contract';
import { isRecord } from './response-shape';
import { VouchError } from './vouch-error';

/** Runs one queued or live `vouch(...)` call. */
export function runCommand(controller: Controller, command: Command): void {
  const [name, first, second] = Array.from(command);
  try {
    if ((name === 'purchase' || name === 'affiliate') && isRecord(first)) {
      controller.configure(second);
      controller.createOrigin(name === 'purchase' ? 'Purchase' : 'AffiliateMember', first);
    } else if (name === 'offer' && typeof first === 'string') {
      controller.configure(second);
      controller.showOffer(first);
    } else if (name === 'dashboard' && isRecord(first) && typeof first.token === 'string') {
      controller.configure(first);
      controller.showDashboard(first.token);
    } else if (name === 'on' && EVENT_NAMES.includes(first as EventName) && typeof second === 'function') {
      controller.events.on(first as EventName, second as () => void);
    } else if (name === 'config') {
      controller.configure(first);
    } else if (name === 'open' || name === 'close') {
      controller.setOpen(name === 'open');
    } else {
      controller.report(new VouchError('invalid_command', `bad vouch('${String(name)}') call`));
    }
  } catch (error) {
    controller.report(error);
  }
}
