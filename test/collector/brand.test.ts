import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio, relativeLuminance, textColourOn } from '../../collector/config/brand-colours';
import { ConfigError, parseSiteConfig } from '../../collector/config/load-site-config';
import { purchase, startCollector, type TestCollector } from '../support/collector';
import { FAST_OUTBOX } from '../support/referrals';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const LOGO_URL = 'https://cdn.fernandfield.example/logo.png';
const GREEN = '#166534';

let inbox: SmtpInbox;
let branded: TestCollector;
let plain: TestCollector;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  [branded, plain] = await Promise.all([
    startCollector({ showClaimPage: true, site: { name: 'Fern & Field', smtp_url: inbox.url, mail_from: 'hello@fernandfield.example', brand: { logo_url: LOGO_URL, colour: '#166534' } }, outbox: FAST_OUTBOX }),
    startCollector({ showClaimPage: true, site: { brand: { colour: '#FDE047' } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([branded.cleanup(), plain.cleanup()]);
  await inbox.down();
});

/** An advocate's offer, from a purchase the shop's server reported. */
async function offerOf(collector: TestCollector, email: string) {
  const answer = await collector.post('/api/v2/origins', purchase(collector, { email, order_number: `B-${email}`, subtotal: 20, first_name: 'Ann' }));
  return answer.body.result.offer as { short_url_code: string; share_key: string; claim_url: string };
}

/** The page a friend's click on one of the offer's links shows. */
async function claimPageOf(collector: TestCollector, email: string) {
  const offer = await offerOf(collector, email);
  const response = await fetch(offer.claim_url.replace(/^http:\/\/localhost:\d+/, collector.url), { redirect: 'manual' });
  expect(response.status).toBe(200);
  return { csp: response.headers.get('content-security-policy')!, html: await response.text() };
}

describe("the shop's brand", () => {
  it("puts the shop's logo and colour on the claim page, with white button text on a dark green", async () => {
    const { csp, html } = await claimPageOf(branded, 'ann@example.com');
    expect(html).toContain(`<img class="logo" src="${LOGO_URL}" alt="Fern &#38; Field">`);
    expect(html).toContain(`--brand:${GREEN};--brand-text:#ffffff`);
    // The logo's host is not one of the shop's allowed hosts, yet the page's CSP lets that image in (and nothing else).
    expect(csp).toContain("img-src 'self' data: https://cdn.fernandfield.example;");
  });

  it('writes black button text on a light brand colour, and shows no logo when none is set', async () => {
    const { csp, html } = await claimPageOf(plain, 'bea@example.com');
    expect(html).toContain('--brand:#fde047;--brand-text:#000000');
    expect(html).not.toContain('class="logo"');
    expect(csp).toContain("img-src 'self' data:;");
  });

  it("dresses the offer page's share panel in the brand colour", async () => {
    const offer = await offerOf(branded, 'cy@example.com');
    const html = await (await fetch(`${branded.url}/o/${offer.short_url_code}`)).text();
    expect(html).toContain(`vouch-widget{--vouch-brand:${GREEN};--vouch-brand-text:#ffffff}`);
    expect(html).toContain(`<img class="logo" src="${LOGO_URL}"`);
  });

  it("puts the logo and the colour in the invite email's HTML", async () => {
    const offer = await offerOf(branded, 'dee@example.com');
    const shared = await branded.post(`/api/v2/offers/${offer.short_url_code}/shares/email`, { site_slug: branded.siteSlug, share_key: offer.share_key, recipients: 'eve@example.com' });
    expect(shared.status).toBe(201);
    const [mail] = await inbox.waitForMessages(1);
    expect(mail!.mail.html).toContain(`<img src="${LOGO_URL}" alt="Fern &#38; Field"`);
    expect(mail!.mail.html).toContain(`background:${GREEN};color:#ffffff`);
  });

  it('picks button text that keeps at least 4.5:1 against any colour', () => {
    expect(textColourOn('#4f46e5')).toBe('#ffffff');
    expect(textColourOn('#ffffff')).toBe('#000000');
    expect(textColourOn('#000000')).toBe('#ffffff');
    // Every grey, and colours across the wheel: the worst case sits where white and black tie.
    for (let step = 0; step < 4096; step++) {
      const colour = `#${[step >> 8, (step >> 4) & 15, step & 15].map((nibble) => (nibble * 17).toString(16).padStart(2, '0')).join('')}`;
      const text = textColourOn(colour);
      expect(contrastRatio(relativeLuminance(colour), text === '#ffffff' ? 1 : 0), colour).toBeGreaterThanOrEqual(4.5);
    }
  });

  const site = { site_slug: 'my-store', api_key: 'sk_live_0123456789abcdef', allowed_hosts: ['shop.example'], destination_url: 'https://shop.example/welcome' };
  for (const [field, brand] of [
    ['logo_url', { logo_url: 'http://cdn.shop.example/logo.png' }],
    ['logo_url', { logo_url: 'logo.png' }],
    ['colour', { colour: 'green' }],
    ['colour', { colour: '#16a' }],
  ] as const) {
    it(`refuses brand ${JSON.stringify(brand)}, naming sites.0.brand.${field}`, () => {
      expect(() => parseSiteConfig({ sites: [{ ...site, brand }] }, {})).toThrow(ConfigError);
      expect(() => parseSiteConfig({ sites: [{ ...site, brand }] }, {})).toThrow(new RegExp(`sites\\.0\\.brand\\.${field}: `));
    });
  }
});
