/** Mail providers known to ignore dots in the local part (j.doe@gmail.com is jdoe@gmail.com). */
const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/**
 * The mailbox an address delivers to, as far as can be told without asking the provider: a
 * `+tag` is dropped (nearly every provider delivers me+2@x to me@x) and so are dots where the
 * provider ignores them. Two addresses with the same mailbox are the same person for the
 * self-referral rule; they stay distinct people otherwise.
 */
export function mailboxOf(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return email.toLowerCase();
  let local = email.slice(0, at).toLowerCase();
  let domain = email.slice(at + 1).toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (DOTLESS_DOMAINS.has(domain)) local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}
