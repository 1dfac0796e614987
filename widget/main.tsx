/**
 * The widget module the loader imports. `start` replays the commands queued before it arrived,
 * then runs each later `vouch(...)` call; the widget mounts when the first offer arrives.
 */
import { effect, untracked } from './signals';
import { runCommand } from './commands';
import { createApi } from './api';
import { createController } from './controller';
import { keepDeviceId } from './device-id';
import type { Command, LoaderContext } from './loader-contract';
import { mountWidget } from './mount';

/** Takes over the command queue; returns the function that runs later commands. */
export function start(context: LoaderContext): (command: Command) => void {
  const device = keepDeviceId(document, !!context.consentRequired);
  const controller = createController(createApi(context.scriptUrl, context.site, device.current));
  if (context.target) controller.configure({ target: context.target });
  let mounted = false;
  effect(() => {
    if (mounted || !(controller.view.value || controller.refused.value)) return;
    mounted = true;
    untracked(() => {
      try {
        mountWidget(controller);
      } catch (error) {
        controller.report(error);
      }
    });
  });
  // `consent` reaches the widget only under required consent (the loader passes it on): it governs the device id.
  const run = (command: Command) => (command[0] === 'consent' ? device.consent(!!command[1]) : runCommand(controller, command));
  for (const command of context.queue.splice(0)) run(command);
  // After the replay, so listeners queued before the widget arrived hear it (claim is sticky for later ones).
  if (context.capturedUuid) controller.events.emit('claim', { uuid: context.capturedUuid });
  return run;
}
