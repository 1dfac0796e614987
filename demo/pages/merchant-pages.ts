import type { ReceivedWebhook } from '../webhook-inbox';
import { esc } from './layout';

/** A referral as the collector's list answers it (the fields the merchant corner shows). */
export interface ReferralRow {
  id: string;
  status: string;
  origin_slug?: string;
  blocked_reason?: string | null;
  advocate?: { email?: string | null };
  friend?: { email?: string | null };
  created_at?: string;
  [key: string]: unknown;
}

const ACTIONS: Record<string, string[]> = {
  pending: ['approved', 'voided'],
  blocked: ['unblocked'],
  unblocked: ['approved', 'voided'],
};

/** The merchant corner: referrals with approve / void, and the web hooks the shop received. */
export function merchantBody(referrals: ReferralRow[] | string, webhooks: readonly ReceivedWebhook[], flash: string | null): string {
  const notice = flash ? `<div class="banner" role="status">${esc(flash)}</div>` : '';
  const referralTable =
    typeof referrals === 'string'
      ? `<p class="error">${esc(referrals)}</p>`
      : referrals.length === 0
        ? '<p class="muted">No referrals yet. Buy something, share the offer, and buy again as the friend (in a private window).</p>'
        : `<div class="table-wrap"><table><thead><tr><th>Status</th><th>Advocate</th><th>Friend</th><th>Order</th><th>Since</th><th>Action</th></tr></thead><tbody>${referrals
            .map((referral) => {
              const buttons = (ACTIONS[referral.status] ?? [])
                .map(
                  (status) =>
                    `<form method="post" action="/merchant/referrals" class="inline"><input type="hidden" name="origin_slug" value="${esc(referral.origin_slug)}"><input type="hidden" name="status" value="${status}"><button type="submit" class="${status === 'voided' ? 'danger' : ''}" data-action="${status}">${status === 'approved' ? 'Approve' : status === 'voided' ? 'Void' : 'Unblock'}</button></form>`,
                )
                .join(' ');
              return `<tr data-referral="${esc(referral.id)}"><td><span class="pill ${esc(referral.status)}">${esc(referral.status)}</span>${referral.blocked_reason ? `<br><small class="muted">${esc(referral.blocked_reason)}</small>` : ''}</td><td>${esc(referral.advocate?.email)}</td><td>${esc(referral.friend?.email)}</td><td>${esc(referral.origin_slug)}</td><td>${esc(referral.created_at?.slice(0, 16).replace('T', ' '))}</td><td>${buttons}</td></tr>`;
            })
            .join('')}</tbody></table></div>`;
  const hookList =
    webhooks.length === 0
      ? '<p class="muted">No web hooks yet: approve a referral and the collector posts one here.</p>'
      : webhooks
          .map(
            (hook) =>
              `<details class="card" data-webhook="${esc(hook.id)}"><summary>${hook.verified ? '<span class="pill approved">✓ signature verified</span>' : `<span class="pill voided">✗ ${esc(hook.problem)}</span>`} · <code>${esc(hook.id)}</code> · ${esc(hook.receivedAt.toISOString().slice(11, 19))}</summary><pre>${esc(JSON.stringify(hook.payload, null, 2))}</pre></details>`,
          )
          .join('');
  return `${notice}<h1>Merchant corner</h1><p class="muted">What the shop's back office sees. These buttons call the collector's secret-key API from the shop's server; the key never reaches this page.</p>
<h2>Referrals</h2>${referralTable}<h2>Web hooks received</h2>${hookList}`;
}
