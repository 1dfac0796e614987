import { Component, createRef } from 'preact';
import { copyText } from '../clipboard';
import type { Controller } from '../controller';
import { claimUrlFor } from '../share-links';
import { Icon } from './Icon';
import { CHECK, COPY } from './icons';

const COPIED_STATE_IN_MS = 2500;

type CopyState = 'idle' | 'copied' | 'failed';

/** The advocate's link in a read-only field, with a copy button that says when it worked. */
export class CopyLink extends Component<{ controller: Controller }, { state?: CopyState }> {
  input = createRef<HTMLInputElement>();

  override render({ controller }: { controller: Controller }) {
    const { state } = this.state;
    const s = controller.strings.value;
    const url = claimUrlFor(controller.view.value!.offer, 'other');
    const copied = state === 'copied';

    const copy = async () => {
      const done = await copyText(url, this.input.current);
      this.setState({ state: done ? 'copied' : 'failed' });
      if (!done) return;
      controller.recordShare('other');
      setTimeout(() => this.setState({ state: 'idle' }), COPIED_STATE_IN_MS);
    };

    return (
      <div class="field">
        <label for="vouch-link">{s.linkLabel}</label>
        <div class="link">
          <input id="vouch-link" ref={this.input} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
          <button type="button" class={`brand copy ${state}`} onClick={copy}>
            <Icon d={copied ? CHECK : COPY} />
            {copied ? s.copied : s.copy}
          </button>
        </div>
        <p role="status" class={state === 'failed' ? 'hint' : 'sr-only'}>
          {copied ? s.copied : state === 'failed' ? s.copyFailed : ''}
        </p>
      </div>
    );
  }
}
