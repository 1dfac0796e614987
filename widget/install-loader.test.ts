import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installLoader } from './install-loader';
import type { Command, LoaderContext, VouchFunction, WidgetModule } from './loader-contract';
import { setPageUrl } from './test-support/page-url';
import { readVisitorUuid } from './visitor';

const host = window as unknown as { vouch?: VouchFunction };

function loaderScript(attributes: Record<string, string> = {}) {
  const script = document.createElement('script');
  script.src = 'https://collector.test/widget/loader.js';
  script.dataset.site = 'my-store';
  Object.assign(script.dataset, attributes);
  return script;
}

/** The snippet merchants paste, run as written. */
function pasteSnippet() {
  host.vouch = host.vouch || (function (...args: unknown[]) {
    (host.vouch!.q = host.vouch!.q || []).push(args);
  } as VouchFunction);
}

/** A widget module that records what it was handed. */
function recordingWidget() {
  const seen: { context?: LoaderContext; live: Command[] } = { live: [] };
  const module: WidgetModule = {
    start(context) {
      seen.context = context;
      return (command) => seen.live.push(command);
    },
  };
  return { seen, importWidget: vi.fn(async () => module) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the loader', () => {
  beforeEach(() => {
    delete host.vouch;
  });
  afterEach(() => {
    delete host.vouch;
    document.cookie = 'vouch_uuid=; Max-Age=0; Path=/';
  });

  it('hands the queued commands to the widget, then forwards later ones', async () => {
    pasteSnippet();
    const onReady = vi.fn();
    host.vouch!('on', 'ready', onReady);
    host.vouch!('purchase', { email: 'a@b.co', order_number: '1', subtotal: 42.5 });
    const { seen, importWidget } = recordingWidget();
    installLoader(loaderScript({ target: '#vouch-offer' }), './assets/widget-abc.js', importWidget);
    host.vouch!('open');
    await settle();

    expect(importWidget).toHaveBeenCalledWith('https://collector.test/widget/assets/widget-abc.js');
    expect(seen.context?.queue.map((command) => Array.from(command))).toEqual([
      ['on', 'ready', expect.any(Function)],
      ['purchase', { email: 'a@b.co', order_number: '1', subtotal: 42.5 }],
      ['open'],
    ]);
    // The ready listener hears the offer with the consent state (a page without data-consent needs none).
    (seen.context!.queue[0]![2] as (payload: object) => void)({ offer: { id: 'o' } });
    expect(onReady).toHaveBeenCalledWith({ offer: { id: 'o' }, consent: 'not_required' });
    expect(seen.context).toMatchObject({ site: 'my-store', target: '#vouch-offer', scriptUrl: 'https://collector.test/widget/loader.js' });
    host.vouch!('close');
    expect(seen.live.map((command) => Array.from(command))).toEqual([['close']]);
  });

  it('does nothing twice when the snippet is on the page twice', async () => {
    pasteSnippet();
    const { importWidget } = recordingWidget();
    installLoader(loaderScript(), './assets/widget-abc.js', importWidget);
    const first = host.vouch;
    pasteSnippet();
    installLoader(loaderScript(), './assets/widget-abc.js', importWidget);
    await settle();
    expect(host.vouch).toBe(first);
    expect(importWidget).toHaveBeenCalledTimes(1);
  });

  it('keeps the visitor uuid at once, before the widget arrives', () => {
    setPageUrl('https://shop.example/?vouch_uuid=0193c2b4-7f1e-7a22-9c3d-5e6f7a8b9c0d');
    installLoader(loaderScript(), './w.js', () => new Promise(() => {}));
    expect(document.cookie).toContain('vouch_uuid=0193c2b4-7f1e-7a22-9c3d-5e6f7a8b9c0d');
  });

  it("under data-consent=\"required\" keeps no cookie and hands the widget no uuid until vouch('consent', true)", async () => {
    const uuid = '0193c2b4-7f1e-7a22-9c3d-5e6f7a8b9c0d';
    setPageUrl(`https://shop.example/?vouch_uuid=${uuid}`);
    pasteSnippet();
    const claims: unknown[] = [];
    host.vouch!('on', 'claim', (payload: unknown) => claims.push(payload));
    const { seen, importWidget } = recordingWidget();
    installLoader(loaderScript({ consent: 'required' }), './assets/widget-abc.js', importWidget);
    await settle();
    expect(readVisitorUuid(document)).toBeUndefined();
    expect(seen.context?.capturedUuid).toBeUndefined();
    // The gate answers claim listeners itself: the widget never sees them. It hears the consent calls: its device id waits for them.
    expect(seen.context?.queue).toEqual([]);
    expect(seen.context?.consentRequired).toBe(true);
    const ready = vi.fn();
    host.vouch!('on', 'ready', ready);
    (seen.live[0]![2] as (payload: object) => void)({});
    expect(ready).toHaveBeenLastCalledWith({ consent: 'pending' });
    expect(claims).toEqual([]);

    host.vouch!('consent', true);
    expect(document.cookie).toContain(`vouch_uuid=${uuid}`);
    expect(claims).toEqual([{ uuid }]);
    (seen.live[0]![2] as (payload: object) => void)({});
    expect(ready).toHaveBeenLastCalledWith({ consent: 'given' });

    host.vouch!('consent', false);
    expect(readVisitorUuid(document)).toBeUndefined();
    (seen.live[0]![2] as (payload: object) => void)({});
    expect(ready).toHaveBeenLastCalledWith({ consent: 'refused' });
    expect(seen.live.map((command) => Array.from(command).slice(0, 2))).toEqual([['on', 'ready'], ['consent', true], ['consent', false]]);
  });

  it('tells the queued error callbacks when the widget cannot load, and throws nothing', async () => {
    pasteSnippet();
    const errors: unknown[] = [];
    host.vouch!('on', 'error', (error: unknown) => errors.push(error));
    installLoader(loaderScript(), './w.js', () => Promise.reject(new Error('offline')));
    await settle();
    expect(errors).toEqual([new Error('offline')]);
  });
});
