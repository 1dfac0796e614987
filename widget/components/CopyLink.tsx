import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { copyText } from '../clipboard';
import type { Controller } from '../controller';
import { claimUrlFor } from '../share-links';
import { Icon } from './Icon';
import { CHECK, COPY } from './icons';

const COPIED_STATE_IN_MS = 2500;

/** The advocate's link in a read-only field, with a copy button that says when it worked. */
export function CopyLink({ controller }: { controller: Controller }) {
  const input = useRef<HTMLInputElement>(null);
  const state = useSignal<'idle' | 'copied' | 'failed'>('idle');
  const s = controller.strings.value;
  const url = claimUrlFor(controller.view.value!.offer, 'other');
  const copied = state.value === 'copied';

  const copy = async () => {
    const done = await copyText(url, input.current);
    state.value = done ? 'copied' : 'failed';
    if (!done) return;
    controller.recordShare('other');
    setTimeout(() => (state.value = 'idle'), COPIED_STATE_IN_MS);
  };

  return (
    <div class="field">
      <label for="vouch-link">{s.linkLabel}</label>
      <div class="link">
        <input id="vouch-link" ref={input} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" class={`brand copy ${state.value}`} onClick={copy}>
          <Icon d={copied ? CHECK : COPY} />
          {copied ? s.copied : s.copy}
        </button>
      </div>
      <p role="status" class={state.value === 'failed' ? 'hint' : 'sr-only'}>
        {copied ? s.copied : state.value === 'failed' ? s.copyFailed : ''}
      </p>
    </div>
  );
}
