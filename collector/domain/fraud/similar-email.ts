/**
 * Signal `similar_email`: the friend's email is the advocate's read by its provider's rules (case;
 * dots where the provider ignores them, as Gmail does; `+tags`, or Yahoo's `-tags`; an alias
 * domain such as googlemail.com for gmail.com; see email-normalisation.ts for each provider and
 * why), or a near miss of it on the same domain: a Damerau–Levenshtein distance of 1 when the
 * shorter local part has at least 6 letters and digits, 2 from 12. Dots, dashes and underscores
 * are not counted as edits where the provider honours them: `john.smith` and `johnsmith` at
 * outlook.com are two accounts, and two people named John Smith pick exactly those.
 *
 * Default: on, flags. False-positive risk: moderate for near misses — relatives and namesakes
 * (`jsmith1984` and `jsmith1986`) differ by one character; that is why short local parts
 * (`ann`, `anna`: often two people) are not compared at all and why it flags rather than blocks.
 */
import type { FraudRules } from '../../config/fraud-rules.schema';
import { editDistanceWithin } from './edit-distance';
import { normaliseEmail, type NormalisedEmail } from './email-normalisation';
import type { SignalResult } from './signal';

type SimilarEmailSetting = Pick<FraudRules['signals']['similar_email'], 'one_edit_from_length' | 'two_edits_from_length'>;

/** Whether the friend's email is the advocate's by provider rules or by a near miss, and which. */
export function similarEmailSignal(advocateEmail: string | null | undefined, friendEmail: string | null | undefined, setting: SimilarEmailSetting): SignalResult {
  const result = (value: SignalResult['value'], fired: boolean, words: string): SignalResult => ({ signal: 'similar_email', value, fired, words });
  const advocate = advocateEmail ? normaliseEmail(advocateEmail) : null;
  const friend = friendEmail ? normaliseEmail(friendEmail) : null;
  if (!advocate || !friend) return result({ match: null }, false, 'the advocate or the friend has no email to compare');
  if (advocateEmail!.trim().toLowerCase() === friendEmail!.trim().toLowerCase()) {
    return result({ match: 'identical' }, true, "the friend's email is the advocate's");
  }
  if (advocate.domain !== friend.domain) return result({ match: null }, false, "the friend's email is on another domain than the advocate's");
  if (advocate.local === friend.local) {
    const steps = [...new Set([...advocate.steps, ...friend.steps])];
    return result({ match: 'same_mailbox', steps }, true, `the friend's email is the advocate's ${sameMailboxWords(advocateEmail!, friendEmail!, advocate, friend)}`);
  }
  const advocateLetters = advocate.local.replace(/[._-]/g, '');
  const friendLetters = friend.local.replace(/[._-]/g, '');
  if (advocateLetters === friendLetters) {
    return result(
      { match: null, reason: 'separators_only' },
      false,
      `the emails differ only by dots, dashes or underscores, which ${friend.domain} keeps apart: two mailboxes, as two people named alike choose`,
    );
  }
  const shorter = Math.min([...advocateLetters].length, [...friendLetters].length);
  const limit = shorter >= setting.two_edits_from_length ? 2 : shorter >= setting.one_edit_from_length ? 1 : 0;
  if (limit === 0) {
    return result(
      { match: null, reason: 'too_short' },
      false,
      `the emails differ, and are too short (under ${setting.one_edit_from_length} letters before the @) to compare for a near miss: names like ann and anna are often two people`,
    );
  }
  const distance = editDistanceWithin(advocateLetters, friendLetters, limit);
  if (distance > limit) return result({ match: null, distance: null }, false, "the friend's email is unlike the advocate's");
  return result(
    { match: 'near_miss', distance },
    true,
    `the friend's email differs from the advocate's by ${distance === 1 ? 'one character' : 'two characters'} before the @, on the same domain`,
  );
}

/** How two addresses of one mailbox differ, as the rest of "the friend's email is the advocate's …". */
function sameMailboxWords(advocateEmail: string, friendEmail: string, advocate: NormalisedEmail, friend: NormalisedEmail): string {
  const parts: string[] = [];
  const steps = new Set([...advocate.steps, ...friend.steps]);
  if (steps.has('tag')) {
    const tag = `${friend.tagSeparator ?? '+'}tag`;
    parts.push(advocate.knownProvider ? `with a ${tag}` : `with a ${tag} (most mail servers deliver it to the untagged address)`);
  }
  if (steps.has('dots')) parts.push(`with dots added or left out (${friend.domain} ignores dots)`);
  if (steps.has('alias_domain')) {
    const domainOf = (email: string) => email.trim().toLowerCase().slice(email.trim().lastIndexOf('@') + 1);
    const aliases = [...new Set([domainOf(advocateEmail), domainOf(friendEmail)].filter((domain) => domain !== friend.domain))];
    parts.push(`at ${aliases.join(' and ')}, which is ${friend.domain}`);
  }
  if (parts.length === 0 && steps.has('case')) parts.push('in other letter case');
  return parts.length > 0 ? parts.join(', and ') : 'written another way';
}
