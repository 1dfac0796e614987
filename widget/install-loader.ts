/**
 * What the loader does, as a function the unit tests can call: take over `window.vouch`, keep the
 * visitor's claim uuid at once, and load the widget module after the page's load event and an
 * idle moment, so nothing here sits on the host page's critical path.
 */
import type { Command, LoaderContext, VouchFunction, WidgetModule } from './loader-contract';
import { consentGate } from './consent';
import { captureVisitorUuid } from './visitor';

const IDLE_TIMEOUT_IN_MS = 3000;

/** Installs `vouch` on the page (once) and schedules the widget module's import from widgetUrl. */
export function installLoader(
  script: HTMLScriptElement,
  widgetPath: string,
  importWidget: (url: string) => Promise<WidgetModule>,
): void {
  const host = window as unknown as { vouch?: VouchFunction };
  const stub = host.vouch;
  // A second copy of the snippet on the page must not load or replay anything twice.
  if (stub?.loaded) return;
  const consentRequired = script.dataset.consent === 'required';
  const gate = consentGate(consentRequired);
  const queue: Command[] = [];
  let run: ((command: Command) => void) | undefined;
  const vouch: VouchFunction = function () {
    // `arguments`, not rest parameters: it is the snippet's own queue format.
    const command = gate.filter(arguments);
    if (command) run ? run(command) : queue.push(command);
  };
  for (const command of stub?.q ?? []) vouch.apply(null, command as unknown[]);
  vouch.q = queue;
  vouch.loaded = true;
  host.vouch = vouch;

  // Until the widget runs, only the queued error callbacks can hear that it never arrived.
  const fail = (error: unknown) => {
    let heard = false;
    for (const command of queue) {
      const callback = command[2];
      if (command[0] === 'on' && command[1] === 'error' && typeof callback === 'function') {
        heard = true;
        try {
          callback(error);
        } catch {
          // A merchant's callback failing is theirs to debug; it must not reach the page.
        }
      }
    }
    if (!heard) console.warn('vouch: the widget could not load', error);
  };

  try {
    const context: LoaderContext = {
      queue,
      scriptUrl: script.src,
      site: script.dataset.site ?? '',
      target: script.dataset.target,
      // Under required consent the gate keeps the uuid once consent is given, and answers `claim` itself.
      capturedUuid: consentRequired ? undefined : captureVisitorUuid(location, document),
      consentRequired,
    };
    const load = () =>
      importWidget(new URL(widgetPath, script.src).href)
        .then((widget) => {
          run = widget.start(context);
        })
        .catch(fail);
    const whenIdle = () =>
      'requestIdleCallback' in window ? requestIdleCallback(load, { timeout: IDLE_TIMEOUT_IN_MS }) : setTimeout(load, 1);
    if (document.readyState === 'complete') whenIdle();
    else addEventListener('load', whenIdle, { once: true });
  } catch (error) {
    fail(error);
  }
}
