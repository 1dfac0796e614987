import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAUD_RULES } from '../../config/fraud-rules.schema';
import { editDistanceWithin } from './edit-distance';
import { normaliseEmail } from './email-normalisation';
import { similarEmailSignal } from './similar-email';

const similar = (advocate: string | null, friend: string | null) => similarEmailSignal(advocate, friend, DEFAULT_FRAUD_RULES.signals.similar_email);

describe('an address read by its provider’s rules', () => {
  it('drops dots and +tags at Gmail, and reads googlemail.com as gmail.com', () => {
    expect(normaliseEmail('J.O.H.N+shop@GoogleMail.com')).toMatchObject({ local: 'john', domain: 'gmail.com', steps: ['case', 'tag', 'dots', 'alias_domain'] });
  });

  it('keeps dots at Outlook.com and its sister domains but drops +tags', () => {
    expect(normaliseEmail('john.smith+promo@hotmail.com')).toMatchObject({ local: 'john.smith', domain: 'hotmail.com' });
  });

  it('reads Yahoo’s disposable base-keyword addresses as their base, and keeps a + elsewhere as a tag', () => {
    expect(normaliseEmail('jsmith-deals@yahoo.com')).toMatchObject({ local: 'jsmith', steps: ['tag'] });
    expect(normaliseEmail('ann+x@example.com')).toMatchObject({ local: 'ann', knownProvider: false });
    expect(normaliseEmail('ann-lee@example.com')).toMatchObject({ local: 'ann-lee' });
  });

  it('is null for text that is not an address', () => {
    expect(normaliseEmail('no-at-sign')).toBeNull();
    expect(normaliseEmail('@example.com')).toBeNull();
    expect(normaliseEmail('ann@')).toBeNull();
  });
});

describe('the edit distance between two local parts', () => {
  it('counts an insertion, a deletion, a substitution and a swap of neighbours as one edit each', () => {
    expect(editDistanceWithin('johnsmith', 'johnsmith1', 2)).toBe(1);
    expect(editDistanceWithin('johnsmith', 'jonsmith', 2)).toBe(1);
    expect(editDistanceWithin('johnsmith', 'johnsmyth', 2)).toBe(1);
    expect(editDistanceWithin('johnsmith', 'jonhsmith', 2)).toBe(1);
    expect(editDistanceWithin('johnsmith', 'jonhsmyth', 2)).toBe(2);
  });

  it('stops at the limit: anything further is limit + 1', () => {
    expect(editDistanceWithin('johnsmith', 'maryjones', 1)).toBe(2);
    expect(editDistanceWithin('a', 'abcdef', 2)).toBe(3);
    expect(editDistanceWithin('', '', 1)).toBe(0);
  });
});

describe('the similar-email signal', () => {
  it('fires for the advocate’s Gmail address with its dots left out and a +tag added, and says so', () => {
    const result = similar('john.smith@gmail.com', 'johnsmith+x@gmail.com');
    expect(result).toMatchObject({ signal: 'similar_email', fired: true, value: { match: 'same_mailbox' } });
    expect(result.words).toBe("the friend's email is the advocate's with a +tag, and with dots added or left out (gmail.com ignores dots)");
  });

  it('stays quiet for john.smith and johnsmith at Outlook.com, which are two accounts', () => {
    const result = similar('john.smith@outlook.com', 'johnsmith@outlook.com');
    expect(result.fired).toBe(false);
    expect(result.words).toMatch(/differ only by dots, dashes or underscores, which outlook\.com keeps apart/);
  });

  it('fires for the advocate’s address at googlemail.com, naming the alias', () => {
    expect(similar('ann.lee@gmail.com', 'annlee@googlemail.com')).toMatchObject({
      fired: true,
      words: "the friend's email is the advocate's with dots added or left out (gmail.com ignores dots), and at googlemail.com, which is gmail.com",
    });
  });

  it('fires for a +tag at a domain of unknown rules, saying it is an assumption', () => {
    expect(similar('ann@example.com', 'Ann+Shop@example.com').words).toBe(
      "the friend's email is the advocate's with a +tag (most mail servers deliver it to the untagged address)",
    );
  });

  it('fires for a Yahoo -tag', () => {
    expect(similar('jsmith@yahoo.com', 'jsmith-deals@yahoo.com')).toMatchObject({ fired: true, words: "the friend's email is the advocate's with a -tag" });
  });

  it('fires for the very same address, whatever the case', () => {
    expect(similar('Ann@Example.com', 'ann@example.com')).toMatchObject({ fired: true, value: { match: 'identical' } });
  });

  it('fires for a near miss of one character on a long enough local part', () => {
    const result = similar('johnsmith@example.com', 'jonhsmith@example.com');
    expect(result).toMatchObject({ fired: true, value: { match: 'near_miss', distance: 1 } });
    expect(result.words).toBe("the friend's email differs from the advocate's by one character before the @, on the same domain");
  });

  it('fires for two characters only from twelve letters on', () => {
    expect(similar('christophersmith@example.com', 'christophersmyth2@example.com')).toMatchObject({ fired: true, value: { distance: 2 } });
    expect(similar('johnsmith@example.com', 'jonhsmyth@example.com').fired).toBe(false);
  });

  it('stays quiet for ann and anna: too short to tell a typo from a sister', () => {
    const result = similar('ann@example.com', 'anna@example.com');
    expect(result).toMatchObject({ fired: false, value: { reason: 'too_short' } });
    expect(result.words).toMatch(/too short \(under 6 letters before the @\)/);
  });

  it('stays quiet for the same name on another domain, and for unlike names', () => {
    expect(similar('johnsmith@example.com', 'johnsmith@example.org')).toMatchObject({ fired: false, words: "the friend's email is on another domain than the advocate's" });
    expect(similar('johnsmith@example.com', 'maryjones@example.com')).toMatchObject({ fired: false, words: "the friend's email is unlike the advocate's" });
  });

  it('takes its lengths from the rule', () => {
    expect(similarEmailSignal('ann@example.com', 'anna@example.com', { one_edit_from_length: 3, two_edits_from_length: 12 }).fired).toBe(true);
  });

  it('stays quiet when one side has no email', () => {
    expect(similar(null, 'ann@example.com')).toMatchObject({ fired: false, words: 'the advocate or the friend has no email to compare' });
  });
});
