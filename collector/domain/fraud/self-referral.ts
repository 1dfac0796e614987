/**
 * Signal `self_referral`: the friend is the advocate — the same customer id, the same email
 * (letter case aside), or an alias of the advocate's mailbox (a `+tag`, Gmail's dots), the rule
 * the referral decision already applies. What only a browser says (a shared visitor uuid or device
 * id, a shared IP address) is not this signal but same_device and same_ip, which flag: a browser's
 * id can be copied and an address is shared by a household or an office.
 *
 * Default: on, blocks. False-positive risk: very low — a shop gives one customer id to one
 * customer, and a mailbox alias delivers to the same inbox; the rare exception is a shared family
 * account in the shop, which a person may unblock.
 */
import { mailboxOf } from '../email-alias';
import type { PartyFacts } from './facts';
import type { SignalResult } from './signal';

/** Whether advocate and friend are one person by customer id, email or mailbox, and which. */
export function selfReferralSignal(advocate: PartyFacts, friend: PartyFacts): SignalResult {
  const result = (match: string | null, words: string): SignalResult => ({ signal: 'self_referral', value: { match }, fired: match !== null, words });
  if (advocate.customer_id && friend.customer_id && advocate.customer_id === friend.customer_id) {
    return result('customer_id', 'the friend has the advocate\'s customer id in the shop');
  }
  const advocateEmail = advocate.email?.trim().toLowerCase();
  const friendEmail = friend.email?.trim().toLowerCase();
  if (advocateEmail && friendEmail) {
    if (advocateEmail === friendEmail) return result('email', "the friend's email is the advocate's");
    if (mailboxOf(advocateEmail) === mailboxOf(friendEmail)) return result('mailbox', "the friend's email delivers to the advocate's mailbox");
  }
  return result(null, 'the friend and the advocate have different emails and customer ids');
}
