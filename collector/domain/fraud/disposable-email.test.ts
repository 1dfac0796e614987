import { describe, expect, it } from 'vitest';
import { disposableEmailSignal } from './disposable-email';

describe('the disposable-email signal', () => {
  it('fires for a listed throwaway domain, naming it', () => {
    expect(disposableEmailSignal('someone@Mailinator.com')).toMatchObject({ fired: true, value: { domain: 'mailinator.com' }, words: "the friend's email is at mailinator.com, a disposable mailbox service" });
  });

  it('fires for a subdomain of a listed domain', () => {
    expect(disposableEmailSignal('x@inbox.guerrillamail.com')).toMatchObject({ fired: true, value: { domain: 'guerrillamail.com' } });
  });

  it('stays quiet for everyday mail providers and a company domain', () => {
    for (const email of ['ann@gmail.com', 'ann@outlook.com', 'ann@example.com', 'ann@mail.example.co.uk']) expect(disposableEmailSignal(email).fired, email).toBe(false);
  });

  it('stays quiet without an email', () => {
    expect(disposableEmailSignal(null)).toMatchObject({ fired: false, words: 'the friend has no email to check' });
  });
});
