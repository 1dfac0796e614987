/**
 * The console's only way to the collector: JSON calls to /console/api/* on the page's own origin,
 * with the session cookie the browser holds (never a site key). A 401 on any call means the
 * session ended (signed out elsewhere, expired): `onSignedOut` brings back the sign-in form.
 */
import { BASE } from './router';

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds to wait, from Retry-After on a 429. */
    readonly retryAfterInSeconds?: number,
  ) {
    super(message);
  }
}

let signedOutListener: () => void = () => {};

/** Who hears that the session ended (the app, which shows the sign-in form). */
export function onSignedOut(listener: () => void): void {
  signedOutListener = listener;
}

/** Calls `path` (under /console/api) and answers its `result`, or throws a ConsoleApiError. */
export async function callApi<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${BASE}/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ConsoleApiError(0, 'network', 'The collector could not be reached. Check your connection and try again.');
  }
  const answer = (await response.json().catch(() => null)) as
    | { ok: true; result: T }
    | { ok: false; code?: string; error?: string; error_message?: string; field?: string }
    | null;
  if (response.ok && answer && answer.ok) return answer.result;
  const code = (answer && !answer.ok && answer.code) || `http_${response.status}`;
  const message = (answer && !answer.ok && (answer.error ?? answer.error_message)) || `The collector answered ${response.status}.`;
  const retryAfter = Number(response.headers.get('Retry-After'));
  const error = new ConsoleApiError(response.status, code, message, answer && !answer.ok ? answer.field : undefined, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  // The sign-in call itself answers 401 for wrong credentials: that is not a session ending.
  if (response.status === 401 && path !== '/session') signedOutListener();
  return Promise.reject(error);
}
