/**
 * A stand-in for the collector's API with fixed answers, so components and commands can be tested
 * with known data. The real network path is covered by the browser suite against the real collector.
 */
import type { Api, EmailShareRequest } from '../api';
import type { EmailShareResult, OfferView } from '../response-shape';

/** An offer and campaign as the collector answers them. */
export function offerView(overrides: { locale?: string; recipients_per_share?: number } = {}): OfferView {
  return {
    offer: {
      short_url_code: 'dZpBwd2k',
      share_key: '0123456789abcdef0123456789abcdef',
      claim_url: 'http://collector.test/x/AbCdEf12',
      claim_urls: {
        facebook: 'http://collector.test/x/Face0001',
        twitter: 'http://collector.test/x/Twit0001',
        linkedin: 'http://collector.test/x/Link0001',
        whatsapp: 'http://collector.test/x/What0001',
        sms: 'http://collector.test/x/Sms00001',
        other: 'http://collector.test/x/Othr0001',
      },
    },
    campaign: {
      name: 'My Store',
      locale: overrides.locale ?? 'en',
      advocate_reward: { amount: 10, incentive: 'rebate', incentive_description: '$10 back' },
      friend_reward: { amount: 10, incentive: 'discount_coupon', incentive_description: '$10 off your first order' },
      ...(overrides.recipients_per_share && { recipients_per_share: overrides.recipients_per_share }),
    },
  };
}

export interface FakeApi extends Api {
  calls: { method: string; args: unknown[] }[];
  /** What the next email share answers (or throws). */
  emailShare: () => Promise<EmailShareResult>;
}

/** An Api that answers `view` and records every call. */
export function fakeApi(view: OfferView = offerView()): FakeApi {
  const calls: FakeApi['calls'] = [];
  const api: FakeApi = {
    calls,
    emailShare: async () => ({ stats: { currently_sent: 0 }, recipients: {} }),
    createOrigin: async (...args) => (calls.push({ method: 'createOrigin', args }), view),
    getOffer: async (...args) => (calls.push({ method: 'getOffer', args }), view),
    recordSocialShare: async (...args) => calls.push({ method: 'recordSocialShare', args }),
    shareByEmail: (code: string, request: EmailShareRequest) => (calls.push({ method: 'shareByEmail', args: [code, request] }), api.emailShare()),
    getDashboard: async (...args) => (calls.push({ method: 'getDashboard', args }), { ...view, dashboard: { referrals: [], rewards: [], totals: { referrals: 0, approved: 0, pending: 0 } } }),
    dashboardUrl: 'http://collector.test/me/my-store',
  };
  return api;
}
