/**
 * How the overview, look-up and advocates pages put figures into words: counts with thousands
 * separators, revenue with two decimals (the collector keeps no currency per site, so none is
 * guessed), a share as a percentage, a UTC day as a short date.
 */

export function countInWords(count: number): string {
  return new Intl.NumberFormat(undefined).format(count);
}

export function revenueInWords(amount: number): string {
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** 0.0928 → "9.3 %". */
export function shareInWords(share: number): string {
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** "2026-11-03" → "3 Nov" (or "3 Nov 2026" with the year); read as a UTC day wherever the browser is. */
export function dayInWords(day: string, withYear = false): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC', ...(withYear ? { year: 'numeric' } : {}) });
}

/** A moment with its time, for timelines: "3 Nov 2026, 14:05". */
export function momentInWords(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The status a referral has, as a word a merchant reads. */
export const STATUS_WORDS: Record<string, string> = {
  pending: 'Pending',
  unblocked: 'Unblocked, pending',
  flagged: 'Flagged for review',
  approved: 'Approved',
  voided: 'Voided',
  blocked: 'Blocked',
};

/** A share channel's name as shown ("none" is a referral made without a click). */
export function channelInWords(channel: string): string {
  if (channel === 'none') return 'No link (coupon or email match)';
  if (channel === 'whatsapp') return 'WhatsApp';
  if (channel === 'sms') return 'SMS';
  return channel.charAt(0).toUpperCase() + channel.slice(1).replace(/_/g, ' ');
}
