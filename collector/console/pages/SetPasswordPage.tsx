/**
 * The page a one-time link opens (/console/set-password?token=…, printed by `vouch users add`):
 * choose a password, then sign in with it.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { MIN_PASSWORD_LENGTH } from '../../contract/console-api';
import { ConsoleApiError, callApi } from '../api';
import { Link } from '../components/Link';
import { currentQuery } from '../router';

export function SetPasswordPage() {
  const token = currentQuery.value.get('token') ?? '';
  const error = useSignal<string | null>(null);
  const done = useSignal(false);
  const busy = useSignal(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const password = passwordRef.current!.value;
    if (password.length < MIN_PASSWORD_LENGTH) {
      error.value = `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
      passwordRef.current!.focus();
      return;
    }
    if (password !== repeatRef.current!.value) {
      error.value = 'The two passwords differ. Type the same password twice.';
      repeatRef.current!.focus();
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      await callApi('POST', '/password', { token, password });
      done.value = true;
    } catch (caught) {
      error.value =
        caught instanceof ConsoleApiError && (caught.field === 'token' || caught.status === 404 || caught.status === 410)
          ? 'This link has expired or was already used. Ask an owner of this console for a new one.'
          : caught instanceof Error
            ? caught.message
            : 'Setting the password failed. Try again.';
    } finally {
      busy.value = false;
    }
  };

  return (
    <main class="auth">
      <div class="auth-card">
        <p class="brand brand-large">
          <span class="brand-mark" aria-hidden="true">
            V
          </span>
          Vouch
        </p>
        <h1 class="auth-title">Choose your password</h1>
        {done.value ? (
          <div class="stack">
            <p class="alert alert-success" role="status">
              Your password is set.
            </p>
            <Link href="/" class="button button-primary button-block">
              Sign in
            </Link>
          </div>
        ) : !token ? (
          <p class="alert alert-error" role="alert">
            This link is incomplete. Open the whole link you were given, or ask an owner of this console for a new one.
          </p>
        ) : (
          <form class="stack" onSubmit={submit} noValidate>
            <p class="muted">At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.</p>
            {error.value && (
              <p class="alert alert-error" role="alert">
                {error.value}
              </p>
            )}
            <label class="field">
              <span class="field-label">New password</span>
              <input ref={passwordRef} class="input" type="password" name="password" autocomplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
            </label>
            <label class="field">
              <span class="field-label">Type it again</span>
              <input ref={repeatRef} class="input" type="password" name="repeat" autocomplete="new-password" required />
            </label>
            <button class="button button-primary button-block" type="submit" disabled={busy.value}>
              {busy.value ? 'Saving…' : 'Set password'}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
