import { describe, expect, it } from 'vitest';
import { hasLink } from './invite-note';

describe("an advocate's note in an invite may not carry a link", () => {
  it('lets plain words, sentences and prices through', () => {
    for (const note of ['You will love their socks!', 'Hi Bob. See you soon.', 'It was $10.50, a bargain', 'Ann & Bob, 3.5 stars', '']) {
      expect(hasLink(note), note).toBe(false);
    }
  });

  it('finds a scheme, "www." or a name with a top-level domain', () => {
    for (const note of ['go to https://evil.test now', 'ftp://x', 'visit www.example', 'try evil.test', 'WIN AT prizes.shop!']) {
      expect(hasLink(note), note).toBe(true);
    }
  });

  it('finds links spelled with fullwidth letters or other scripts\u2019 full stops', () => {
    for (const note of ['ｅｖｉｌ．ｔｅｓｔ', 'evil\u3002test', 'evil\uFF0Etest', 'evil\uFF61test', 'пример.рф']) {
      expect(hasLink(note), note).toBe(true);
    }
  });

  it('does not take a one-letter ending or a number after a dot for a domain', () => {
    for (const note of ['version 2.0', 'e.g a', 'Dr. Who']) {
      expect(hasLink(note), note).toBe(false);
    }
  });
});
