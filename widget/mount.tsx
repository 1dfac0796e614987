/**
 * Puts the widget on the page: one `<vouch-widget>` host element with an open shadow root, so the
 * host page's CSS cannot reach in and the widget's cannot leak out.
 */
import { render } from 'preact';
import { App } from './components/App';
import type { Controller } from './controller';
import { VouchError } from './vouch-error';
import css from './widget.css?inline';

/** Applies styles to a shadow root: a constructable sheet (not subject to CSP style-src), else a `<style>` element. */
export function adoptStyles(root: ShadowRoot, text: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Browsers before constructable stylesheets (Safari < 16.4): a <style> element still works unless CSP forbids it.
    const style = document.createElement('style');
    style.textContent = text;
    root.append(style);
  }
}

/** Renders the widget into the configured target (inline) or floating on the page; returns the host element. */
export function mountWidget(controller: Controller): HTMLElement {
  const { target } = controller.config.value;
  const container = target ? document.querySelector(target) : null;
  if (target && !container) controller.report(new VouchError('invalid_command', `no element matches target ${target}`));
  const host = document.createElement('vouch-widget');
  host.dataset.placement = container ? 'inline' : 'floating';
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, css);
  (container ?? document.body).append(host);
  render(<App controller={controller} inline={!!container} />, root);
  return host;
}
