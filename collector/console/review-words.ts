/** How the review queue puts the collector's values into words a merchant reads. */
import type { ReviewAction, ReviewQueueReferral } from '../contract/console-api';

const ATTRIBUTION: Record<string, string> = {
  uuid: 'Claim link',
  coupon: 'Coupon code',
  email: 'Email invite',
};

/** The attribution path in words: "Claim link", "Coupon code", "Email invite". */
export function attributionInWords(attribution: string): string {
  return ATTRIBUTION[attribution] ?? attribution.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

type Person = ReviewQueueReferral['advocate'];

/** "€42.50", or "42.50" when the order has no currency; "No order" for a threshold or an order not reported yet. */
export function amountInWords(order: ReviewQueueReferral['order']): string {
  if (!order || order.subtotal === null) return 'No order';
  const amount = Number(order.subtotal);
  if (!Number.isFinite(amount)) return String(order.subtotal);
  if (order.currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: order.currency }).format(amount);
    } catch {
      // Not an ISO currency code: the number and the code as given.
    }
    return `${amount.toFixed(2)} ${order.currency}`;
  }
  return amount.toFixed(2);
}

/** "Ann (ann@example.com)", "ann@example.com", or "nobody yet" for a threshold with no friend. */
export function personLabel(person: Person): string {
  if (person.name && person.email) return `${person.name} (${person.email})`;
  return person.email ?? person.name ?? 'nobody yet';
}

/** The collector's reason as a sentence on its own: "Waiting for approval (manual mode)". */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Who, in the fewest words: the email, else the name ("ann@example.com"). */
export function personShort(person: Person): string {
  return person.email ?? person.name ?? 'nobody yet';
}

/** The order's number as shown: "#F-1001", or nothing. */
export function orderNumber(order: ReviewQueueReferral['order']): string | null {
  return order?.number ? `#${order.number}` : null;
}

export function dateInWords(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export const ACTION_WORDS: Record<ReviewAction, { verb: string; past: string; tone: 'primary' | 'danger' }> = {
  approve: { verb: 'Approve', past: 'approved', tone: 'primary' },
  void: { verb: 'Void', past: 'voided', tone: 'danger' },
  unblock: { verb: 'Unblock', past: 'unblocked', tone: 'primary' },
};

/** What the merchant can do with a referral in each queue. */
export const ACTIONS_OF_STATUS: Record<string, ReviewAction[]> = {
  pending: ['approve', 'void'],
  blocked: ['unblock', 'void'],
};

const REFUSALS: Record<string, string> = {
  illegal_transition: 'its status changed meanwhile',
  not_found: 'it no longer exists',
};

export function refusalInWords(code: string | undefined): string {
  return (code && REFUSALS[code]) ?? (code ? code.replace(/_/g, ' ') : 'it was refused');
}
