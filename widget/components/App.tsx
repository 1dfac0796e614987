import { Component } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Controller } from '../controller';
import { Icon } from './Icon';
import { CLOSE, GIFT } from './icons';
import { Offer } from './Offer';

interface Props {
  controller: Controller;
  inline: boolean;
}

/** The whole widget, behind an error boundary: a rendering bug is reported and the widget disappears, the page stays. */
export class App extends Component<Props, { failed?: boolean }> {
  override componentDidCatch(error: unknown) {
    this.props.controller.report(error);
    this.setState({ failed: true });
  }

  override render({ controller, inline }: Props) {
    return !this.state.failed && controller.view.value && (inline ? <Offer controller={controller} /> : <Floating controller={controller} />);
  }
}

/**
 * A launcher button and the offer in a floating, non-modal panel (the page stays usable). The
 * panel takes focus only when the visitor opened it, never when it opens by itself after a
 * purchase; Escape or the close button closes it and gives focus back to the launcher.
 */
function Floating({ controller }: { controller: Controller }) {
  const launcher = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const openedByVisitor = useRef(false);
  const open = controller.isOpen.value;
  const s = controller.strings.value;
  const close = () => {
    controller.setOpen(false);
    launcher.current!.focus();
  };
  useEffect(() => {
    if (open && openedByVisitor.current) panel.current!.focus();
  }, [open]);
  return (
    <>
      {open && (
        <div
          ref={panel}
          id="vouch-panel"
          class="panel"
          role="dialog"
          aria-labelledby="vouch-headline"
          tabIndex={-1}
          onKeyDown={(event) => event.key === 'Escape' && close()}
        >
          <button type="button" class="close" aria-label={s.close} onClick={close}>
            <Icon d={CLOSE} />
          </button>
          <Offer controller={controller} />
        </div>
      )}
      <button
        ref={launcher}
        type="button"
        class="brand launcher"
        aria-expanded={open}
        aria-controls="vouch-panel"
        onClick={() => {
          openedByVisitor.current = true;
          controller.setOpen(!open);
        }}
      >
        <Icon d={GIFT} />
        {controller.headline.value}
      </button>
    </>
  );
}
