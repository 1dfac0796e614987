import { Component } from 'preact';
import { DEFAULT_RECIPIENTS_PER_SHARE, parseRecipients } from '../../collector/contract/email-recipients';
import type { Controller } from '../controller';
import { describeEmailShare, describeEmailShareError } from '../email-share-outcome';
import { fill } from '../strings';
import { Icon } from './Icon';
import { CHECK, CHEVRON, MAIL } from './icons';

interface FormState {
  sending?: boolean;
  /** Shown under the recipients field, which is then marked invalid. */
  fieldError?: string;
  /** Shown in the status line: sent, or why not. */
  outcome?: { ok: boolean; summary: string; notSent?: string[] };
}

/** "Invite friends by email": several addresses and a message, checked here as the collector checks them. */
export class EmailShareForm extends Component<{ controller: Controller }, FormState> {
  override render({ controller }: { controller: Controller }) {
    const { fieldError, outcome, sending } = this.state;
    // Each submit replaces the whole state: nothing from the last answer lingers.
    const setState = (next: FormState) => this.setState({ sending: undefined, fieldError: undefined, outcome: undefined, ...next });
    const s = controller.strings.value;
    // The site's own limit, as the collector enforces it; a collector that does not say has the default.
    const max = controller.view.value!.campaign.recipients_per_share || DEFAULT_RECIPIENTS_PER_SHARE;

    const submit = async (event: Event) => {
      event.preventDefault();
      const { recipients, message } = (event.currentTarget as HTMLFormElement).elements as unknown as Record<string, HTMLTextAreaElement>;
      const { valid, invalid } = parseRecipients(recipients!.value);
      const fieldError = invalid.length
        ? fill(s.recipientsInvalid, { list: invalid.join(', ') })
        : !valid.length
          ? s.recipientsEmpty
          : valid.length > max
            ? fill(s.recipientsTooMany, { max })
            : '';
      setState({ fieldError, sending: !fieldError });
      if (fieldError) return recipients!.focus();
      const body = message!.value.trim();
      try {
        const result = await controller.shareByEmail({ recipients: valid.join(','), ...(body && { body }) });
        setState({ outcome: describeEmailShare(s, result) });
        recipients!.value = '';
      } catch (error) {
        setState(describeEmailShareError(s, error));
      }
    };

    return (
      <details class="email">
        <summary>
          <Icon d={MAIL} />
          <span>{s.inviteByEmail}</span>
          <Icon d={CHEVRON} />
        </summary>
        <form noValidate onSubmit={submit}>
          <div class="field">
            <label for="vouch-recipients">{s.recipientsLabel}</label>
            <textarea
              id="vouch-recipients"
              name="recipients"
              rows={2}
              inputMode="email"
              spellcheck={false}
              aria-invalid={!!fieldError}
              aria-describedby="vouch-recipients-note"
            />
            <p id="vouch-recipients-note" class={fieldError ? 'error' : 'hint'} role={fieldError ? 'alert' : undefined}>
              {fieldError || fill(s.recipientsHint, { max })}
            </p>
          </div>
          <div class="field">
            <label for="vouch-message">{s.messageLabel}</label>
            <textarea id="vouch-message" name="message" rows={3} maxLength={1000} />
          </div>
          <button type="submit" class="brand" disabled={sending}>
            {sending ? s.sending : s.send}
          </button>
          <div role="status" class="outcome">
            {outcome && (
              <p class={outcome.ok ? 'success' : 'error'}>
                {outcome.ok && <Icon d={CHECK} />}
                {outcome.summary}
              </p>
            )}
            {outcome?.notSent?.length ? (
              <ul>
                {outcome.notSent.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </form>
      </details>
    );
  }
}
