import { describe, expect, it } from 'vitest';
import { renderRewardNotice } from './reward-notice-template';

const content = {
  siteName: 'Fern & Field',
  firstName: 'Ann',
  description: '10 % de remise',
  computedAmount: 4.5,
  couponCode: 'REWARD-AB12CD34',
  couponExpiresAt: '2027-01-31T12:00:00.000Z',
  shopUrl: 'https://fernandfield.example',
  unsubscribeUrl: 'https://refer.fernandfield.example/u/fern/token',
  brand: { colour: '#fde047' },
};

describe('the reward notice template', () => {
  it('speaks French on a French site, with the amount, the code and the day it ends', () => {
    const notice = renderRewardNotice({ ...content, locale: 'fr' });
    expect(notice.subject).toBe('Votre récompense de Fern & Field : 10 % de remise');
    expect(notice.text).toContain('Bonjour Ann,');
    expect(notice.text).toContain('Montant : 4,50');
    expect(notice.text).toContain('Votre code, à saisir au paiement :\nREWARD-AB12CD34\nÀ utiliser avant le 31 janvier 2027.');
    expect(notice.html).toContain('<html lang="fr">');
    // A light brand colour gets black button text.
    expect(notice.html).toContain('background:#fde047;color:#000000');
  });

  it('greets plainly without a first name and says nothing of a code when there is none', () => {
    const notice = renderRewardNotice({ ...content, locale: 'en', firstName: null, couponCode: null, couponExpiresAt: null, computedAmount: null, description: '$10 back' });
    expect(notice.text.split('\n')[0]).toBe('Hello,');
    expect(notice.text).not.toContain('code');
    expect(notice.text).not.toContain('Amount');
  });
});
