/**
 * Asks to confirm a review action, with an optional note for the audit log. A modal <dialog>:
 * focus moves into it (the note), stays in it, Escape or Cancel closes it, and focus goes back to
 * the button that opened it.
 */
import type { ComponentChildren } from 'preact';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { MAX_NOTE_LENGTH } from '../../contract/console-api';

export interface NoteDialogProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  tone: 'primary' | 'danger';
  /** Whether it asks for a note (the default): a removal has none. */
  noteField?: boolean;
  /** Does the work; a thrown error is shown in the dialog, which stays open. */
  onConfirm: (note: string) => Promise<void>;
  /** Closed without (or after) confirming. `confirmed` says which. */
  onClose: (confirmed: boolean) => void;
}

export function NoteDialog(props: NoteDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const note = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<Element | null>(null);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  useEffect(() => {
    opener.current = document.activeElement;
    dialog.current!.showModal();
    (note.current ?? dialog.current!.querySelector<HTMLElement>('button[type=submit]'))?.focus();
    return () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);

  const close = (confirmed: boolean) => {
    dialog.current?.close();
    props.onClose(confirmed);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      await props.onConfirm(note.current?.value.trim() ?? '');
      close(true);
    } catch (caught) {
      error.value = caught instanceof Error ? caught.message : 'That did not work. Try again.';
      busy.value = false;
    }
  };

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="note-dialog-title"
      onCancel={(event) => {
        // Escape: close through the same path as Cancel, so the page hears of it.
        event.preventDefault();
        if (!busy.value) close(false);
      }}
    >
      <form class="stack" onSubmit={submit}>
        <h2 id="note-dialog-title" class="dialog-title">
          {props.title}
        </h2>
        <div class="dialog-body">{props.children}</div>
        {error.value && (
          <p class="alert alert-error" role="alert">
            {error.value}
          </p>
        )}
        {props.noteField !== false && (
          <label class="field">
            <span class="field-label">
              Note <span class="muted">(optional, kept in the audit log)</span>
            </span>
            <textarea ref={note} class="input textarea" name="note" rows={3} maxLength={MAX_NOTE_LENGTH} />
          </label>
        )}
        <div class="dialog-actions">
          <button type="button" class="button button-secondary" onClick={() => close(false)} disabled={busy.value}>
            Cancel
          </button>
          <button type="submit" class={`button ${props.tone === 'danger' ? 'button-danger' : 'button-primary'}`} disabled={busy.value}>
            {busy.value ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
