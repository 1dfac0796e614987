/** Renders the widget into a shadow root with a controller over a fake API, as mount.tsx does on a page. */
import { render } from 'preact';
import { App } from '../components/App';
import { createController } from '../controller';
import { createEvents } from '../events';
import type { VouchError } from '../vouch-error';
import { type FakeApi, fakeApi } from './fake-api';

export interface RenderedWidget {
  api: FakeApi;
  controller: ReturnType<typeof createController>;
  root: ShadowRoot;
  errors: VouchError[];
  /** Waits for pending promises and Preact's re-render. */
  settle(): Promise<void>;
  /** The first element in the widget matching `selector` (fails the test when none). */
  find<E extends Element = HTMLElement>(selector: string): E;
  text(): string;
}

/** Mounts the widget (inline by default) and shows the fake API's offer through a purchase. */
export async function renderWidget(options: { inline?: boolean; api?: FakeApi; config?: unknown } = {}): Promise<RenderedWidget> {
  const api = options.api ?? fakeApi();
  const events = createEvents();
  const errors: VouchError[] = [];
  events.on('error', (error) => errors.push(error));
  const controller = createController(api, events);
  controller.configure(options.config);
  const host = document.createElement('vouch-widget');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  render(<App controller={controller} inline={options.inline ?? true} />, root);
  // Signals batch some DOM updates to the next animation frame; two frames and a tick cover them.
  const settle = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
  await controller.createOrigin('Purchase', { email: 'ann@example.com', order_number: 'A-1', subtotal: 42.5, first_name: 'Ann' });
  await settle();
  return {
    api,
    controller,
    root,
    errors,
    settle,
    find<E extends Element>(selector: string) {
      const element = root.querySelector<E>(selector);
      if (!element) throw new Error(`nothing matches ${selector}`);
      return element;
    },
    text: () => root.textContent ?? '',
  };
}
