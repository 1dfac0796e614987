import { effect } from '../signals';
import { Component, createRef } from 'preact';
import type { Controller } from '../controller';
import { isPhone } from '../phone';
import { Icon } from './Icon';
import { CLOSE, GIFT } from './icons';
import { Offer } from './Offer';
import { Refused } from './Refused';

interface Props {
  controller: Controller;
  inline: boolean;
}

/** The whole widget, behind an error boundary: a rendering bug is reported and the widget disappears, the page stays. */
export class App extends Component<Props, { failed?: boolean }> {
  /**
   * Renders the widget again whenever the controller's state changes. Every signal the components
   * read derives from these (the languages fetched so far included: one may arrive after the
   * offer), and the widget is small: re-rendering all of it costs less than the bytes of a
   * finer-grained Preact integration.
   */
  override componentDidMount() {
    const { view, isOpen, config, refused, locales } = this.props.controller;
    this.componentWillUnmount = effect(() => {
      void [view.value, isOpen.value, config.value, refused.value, locales.value];
      this.forceUpdate();
    });
  }

  override componentDidCatch(error: unknown) {
    this.props.controller.report(error);
    this.setState({ failed: true });
  }

  override render({ controller, inline }: Props) {
    if (this.state.failed) return null;
    if (controller.refused.value) return <Refused controller={controller} />;
    return controller.view.value && (inline ? <Offer controller={controller} /> : <Floating controller={controller} />);
  }
}

/**
 * A launcher button and the offer in a floating panel. On a larger screen the panel is non-modal
 * (the page stays usable) and takes focus only when the visitor opened it, never when it opens by
 * itself after a purchase. On a phone it is a bottom sheet over the page and the launcher: opened
 * only by the visitor, modal, with Tab and Shift+Tab going round inside it. Escape or the close
 * button closes it and gives focus back to the launcher.
 */
class Floating extends Component<{ controller: Controller }> {
  launcher = createRef<HTMLButtonElement>();
  panel = createRef<HTMLDivElement>();
  /** Set when the visitor opens the panel: it takes focus once drawn. */
  focusPanel = false;

  close = () => {
    this.props.controller.setOpen(false);
    this.launcher.current!.focus();
  };

  /** Keeps Tab inside the modal sheet: from its last control to its first, and back with Shift. */
  wrapFocus(event: KeyboardEvent) {
    const panel = this.panel.current!;
    // What can take focus now: not the controls inside the closed email disclosure.
    const stops = [...panel.querySelectorAll<HTMLElement>('a,button:enabled,input,summary,textarea')].filter((element) => element.checkVisibility());
    const active = (panel.getRootNode() as ShadowRoot).activeElement;
    const [first, last] = [stops[0], stops.at(-1)];
    if (event.shiftKey ? active === first || active === panel : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first)!.focus();
    }
  }

  override componentDidUpdate() {
    if (this.focusPanel && this.panel.current) {
      this.focusPanel = false;
      this.panel.current.focus();
    }
  }

  override render({ controller }: { controller: Controller }) {
    const open = controller.isOpen.value;
    const modal = open && isPhone();
    return (
      <>
        {open && (
          <div
            ref={this.panel}
            id="vouch-panel"
            class="panel"
            role="dialog"
            aria-modal={modal || undefined}
            aria-labelledby="vouch-headline"
            tabIndex={-1}
            onKeyDown={(event) => (event.key === 'Escape' ? this.close() : modal && event.key === 'Tab' && this.wrapFocus(event))}
          >
            <button type="button" class="close" aria-label={controller.strings.value.close} onClick={this.close}>
              <Icon d={CLOSE} />
            </button>
            <Offer controller={controller} />
          </div>
        )}
        <button
          ref={this.launcher}
          type="button"
          class="brand launcher"
          aria-expanded={open}
          aria-controls="vouch-panel"
          onClick={() => {
            this.focusPanel = !open;
            controller.setOpen(!open);
          }}
        >
          <Icon d={GIFT} />
          {controller.headline.value}
        </button>
      </>
    );
  }
}
