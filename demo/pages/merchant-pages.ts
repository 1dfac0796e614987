import type { ReceivedWebhook } from '../webhook-inbox';
import { esc } from './layout';

/** Where the merchant runs the programme: the collector's console, and who signs in to it. */
export interface ConsoleSignIn {
  url: string;
  email: string;
  /** Shown only for the demo's own owner; null when the password came from the environment. */
  password: string | null;
}

/**
 * The merchant corner: the way to the merchant console (where referrals are approved, voided
 * and unblocked) and the web hooks this shop's receiver got from the collector.
 */
export function merchantBody(console: ConsoleSignIn, webhooks: readonly ReceivedWebhook[]): string {
  const hookList =
    webhooks.length === 0
      ? '<p class="muted">No web hooks yet: approve a referral in the console and the collector posts one here.</p>'
      : webhooks
          .map(
            (hook) =>
              `<details class="card" data-webhook="${esc(hook.id)}"><summary>${hook.verified ? '<span class="pill approved">✓ signature verified</span>' : `<span class="pill voided">✗ ${esc(hook.problem)}</span>`} · <code>${esc(hook.id)}</code> · ${esc(hook.receivedAt.toISOString().slice(11, 19))}</summary><pre>${esc(JSON.stringify(hook.payload, null, 2))}</pre></details>`,
          )
          .join('');
  const password = console.password ? `, password <code>${esc(console.password)}</code>` : ', with the password in VOUCH_ADMIN_PASSWORD';
  return `<h1>Merchant corner</h1><p class="muted">What the shop's back office sees.</p>
<h2>Referrals</h2><div class="card"><p>Referrals are reviewed in Vouch's merchant console: approve, void or unblock them there, one at a time or in bulk.</p>
<p><a class="button" href="${esc(console.url)}/review" data-console-link>Open the merchant console</a></p>
<p class="muted">Sign in as <code>${esc(console.email)}</code>${password} (the demo's owner).</p></div>
<h2>Web hooks received</h2>${hookList}`;
}
