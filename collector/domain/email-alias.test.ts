import { describe, expect, it } from 'vitest';
import { mailboxOf } from './email-alias';

describe('the mailbox an address delivers to', () => {
  it('drops a +tag, which nearly every provider delivers to the untagged address', () => {
    expect(mailboxOf('ann+shop@example.com')).toBe('ann@example.com');
    expect(mailboxOf('ann+2+3@example.com')).toBe('ann@example.com');
  });

  it('ignores case in the local part and the domain', () => {
    expect(mailboxOf('Ann.Lee@Example.COM')).toBe('ann.lee@example.com');
  });

  it('drops dots only where the provider ignores them (Gmail), and reads googlemail.com as gmail.com', () => {
    expect(mailboxOf('j.doe@gmail.com')).toBe('jdoe@gmail.com');
    expect(mailboxOf('J.Doe+promo@googlemail.com')).toBe('jdoe@gmail.com');
    expect(mailboxOf('j.doe@example.com')).toBe('j.doe@example.com');
  });

  it('keeps a leading + (no local part before it) and the last @ as the separator', () => {
    expect(mailboxOf('+ann@example.com')).toBe('+ann@example.com');
    expect(mailboxOf('"a@b"+x@example.com')).toBe('"a@b"@example.com');
  });

  it('answers something that is not an address as itself, lower-cased', () => {
    expect(mailboxOf('NoAtSign')).toBe('noatsign');
    expect(mailboxOf('@example.com')).toBe('@example.com');
  });
});
