/**
 * The sign-in form. One message for a wrong email or a wrong password (the collector answers the
 * same for both, so the form cannot tell anyone which emails have accounts); after too many
 * failures, how long to wait.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { ConsoleApiError } from '../api';
import { signIn } from '../session';

export function SignInPage() {
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const email = emailRef.current!.value.trim();
    const password = passwordRef.current!.value;
    if (!email || !password) {
      error.value = 'Enter your email and your password.';
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      await signIn(email, password);
    } catch (caught) {
      error.value = signInMessage(caught);
      passwordRef.current!.value = '';
      passwordRef.current!.focus();
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
        <h1 class="auth-title">Sign in to your console</h1>
        <p class="muted">Review referrals and run your referral programme.</p>
        <form class="stack" onSubmit={submit} noValidate>
          {error.value && (
            <p class="alert alert-error" role="alert">
              {error.value}
            </p>
          )}
          <label class="field">
            <span class="field-label">Email</span>
            <input ref={emailRef} class="input" type="email" name="email" autocomplete="username" required />
          </label>
          <label class="field">
            <span class="field-label">Password</span>
            <input ref={passwordRef} class="input" type="password" name="password" autocomplete="current-password" required />
          </label>
          <button class="button button-primary button-block" type="submit" disabled={busy.value}>
            {busy.value ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p class="muted small">Forgot your password? Ask an owner of this console for a new sign-in link.</p>
      </div>
    </main>
  );
}

function signInMessage(caught: unknown): string {
  if (!(caught instanceof ConsoleApiError)) return 'Signing in failed. Try again.';
  if (caught.status === 429) return `Too many failed attempts. Wait ${waitInWords(caught.retryAfterInSeconds ?? 60)} and try again.`;
  if (caught.status === 401 || caught.status === 422 || caught.status === 400) return 'That email and password do not match an account.';
  return caught.message;
}

/** "45 seconds", "1 minute", "15 minutes". */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
