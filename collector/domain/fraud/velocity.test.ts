import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAUD_RULES } from '../../config/fraud-rules.schema';
import { couponSiteReferrerSignal } from './coupon-site-referrer';
import { leakedSignal } from './leaked-link';
import { velocitySignal } from './velocity';

const signals = DEFAULT_FRAUD_RULES.signals;

describe('the velocity signals', () => {
  it('fire above the limit and say both numbers', () => {
    expect(velocitySignal('advocate_referrals_per_hour', { advocate_referrals_last_hour: 11 }, signals.advocate_referrals_per_hour)).toMatchObject({
      fired: true,
      value: { count: 11, max: 10 },
      words: '11 referrals by the advocate in the last hour, more than the 10 allowed',
    });
    expect(velocitySignal('network_purchases_per_day', { network_purchases_last_day: 6 }, signals.network_purchases_per_day).words).toBe(
      "6 friends' purchases from the friend's network in the last day, more than the 5 allowed",
    );
  });

  it('stay quiet at the limit: an advocate at a party sharing with ten friends in an hour', () => {
    expect(velocitySignal('advocate_referrals_per_hour', { advocate_referrals_last_hour: 10 }, signals.advocate_referrals_per_hour)).toMatchObject({
      fired: false,
      words: '10 referrals by the advocate in the last hour, within the 10 allowed',
    });
    expect(velocitySignal('link_clicks_per_hour', { link_clicks_last_hour: 1 }, signals.link_clicks_per_hour).words).toBe('1 click on the link in the last hour, within the 500 allowed');
  });

  it('stay quiet when the count is unknown', () => {
    expect(velocitySignal('advocate_referrals_per_day', {}, signals.advocate_referrals_per_day)).toMatchObject({ fired: false, value: { count: null } });
  });
});

describe('the leaked-link and leaked-coupon signals', () => {
  it('fire when more unrelated friends than allowed used one link or coupon in the window', () => {
    expect(leakedSignal('leaked_coupon', { coupon_distinct_friends: 200 }, signals.leaked_coupon)).toMatchObject({
      fired: true,
      words: "200 unrelated friends used the advocate's friend coupon in the last 24 hours, more than the 25 allowed (it may be posted publicly)",
    });
  });

  it('stay quiet for an advocate who shared with a dozen friends', () => {
    expect(leakedSignal('leaked_link', { link_distinct_friends: 12 }, signals.leaked_link)).toMatchObject({ fired: false });
  });
});

describe('the coupon-site referrer signal', () => {
  const sites = signals.coupon_site_referrer.sites;

  it('fires for a listed coupon site and its subdomains', () => {
    expect(couponSiteReferrerSignal('https://www.retailmenot.com/view/fern-and-field.com', sites)).toMatchObject({
      fired: true,
      value: { host: 'www.retailmenot.com', site: 'retailmenot.com' },
      words: 'the friend arrived from www.retailmenot.com, a coupon site',
    });
    expect(couponSiteReferrerSignal('https://slickdeals.net/f/123', sites).fired).toBe(true);
  });

  it('stays quiet for a look-alike host that only ends in the same letters, and for a friend’s mail', () => {
    expect(couponSiteReferrerSignal('https://notretailmenot.com/', sites).fired).toBe(false);
    expect(couponSiteReferrerSignal('https://mail.google.com/', sites)).toMatchObject({ fired: false, words: 'the friend arrived from mail.google.com, which is not a listed coupon site' });
  });

  it('stays quiet without a usable referrer', () => {
    for (const referrer of [null, '', 'not a url', 'android-app://com.google.android.gm']) expect(couponSiteReferrerSignal(referrer, sites).fired).toBe(false);
  });
});
