/**
 * Who is signed in, and which site they are looking at. `unknown` while the first check runs;
 * `null` when nobody is (the sign-in form shows).
 */
import { computed, signal } from '@preact/signals';
import { callApi, onSignedOut } from './api';
import type { ConsoleSite, SessionResult } from '../contract/console-api';

export const session = signal<SessionResult | null | 'unknown'>('unknown');
const chosenSite = signal<string | null>(null);

const SITE_KEY = 'vouch-console-site';

/** The site every page shows: the one chosen, else the last one chosen in this tab, else the first. */
export const currentSite = computed<ConsoleSite | null>(() => {
  const value = session.value;
  if (!value || value === 'unknown') return null;
  const wanted = chosenSite.value ?? sessionStorage.getItem(SITE_KEY);
  return value.sites.find((site) => site.slug === wanted) ?? value.sites[0] ?? null;
});

export function chooseSite(slug: string): void {
  sessionStorage.setItem(SITE_KEY, slug);
  chosenSite.value = slug;
}

onSignedOut(() => {
  session.value = null;
});

/** Asks the collector who this browser is signed in as. */
export async function loadSession(): Promise<void> {
  try {
    session.value = await callApi<SessionResult>('GET', '/session');
  } catch {
    session.value = null;
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  await callApi('POST', '/session', { email, password });
  await loadSession();
}

export async function signOut(everywhere: boolean): Promise<void> {
  try {
    if (everywhere) await callApi('POST', '/session/sign-out-everywhere', {});
    else await callApi('DELETE', '/session');
  } finally {
    session.value = null;
  }
}
