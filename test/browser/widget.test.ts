/**
 * The widget in real Chromium, on a fake shop with a strict CSP and hostile CSS, against the
 * real collector: what a merchant pastes must work exactly as written.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { purchaseSignatureMessageV2, signPurchase } from '../../collector/signing/purchase-signature';
import { browserSuitesRun, launchChromium } from '../support/chromium';
import { type TestCollector, startCollector } from '../support/collector';
import { type HostPage, startHostPage } from '../support/host-page';

const ARTIFACTS = join(import.meta.dirname, '../artifacts');

/**
 * The page's call after a purchase, as a merchant writes it: signed by the shop's server when it
 * has the key (the advocate's own purchase, whose offer may send email invites), else unsigned.
 */
const purchase = (email: string, orderNumber: string, apiKey?: string) => {
  const signature = apiKey && `v2=${signPurchase(apiKey, purchaseSignatureMessageV2({ siteSlug: 'test-shop', orderNumber, email, subtotal: 42.5, firstName: 'Ann' }))}`;
  return `vouch('on', 'error', function (e) { document.title = 'error:' + e.code; });
vouch('purchase', {email: '${email}', order_number: '${orderNumber}', subtotal: 42.5, first_name: 'Ann'${signature ? `, signature: '${signature}'` : ''}});`;
};

describe.skipIf(!browserSuitesRun('widget'))('the widget in Chromium', () => {
  let browser: Browser;
  let collector: TestCollector;
  let shop: HostPage;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    shop = await startHostPage({ siteSlug: 'test-shop' });
    // A site that lets one email share name 25 friends, more than the default 10.
    collector = await startCollector({ destinationUrl: `${shop.url}/welcome`, site: { email_limits: { recipients_per_share: 25 } } });
    shop.collectorUrl = collector.url;
    shop.siteSlug = collector.siteSlug;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await collector?.cleanup();
    await shop?.stop();
  });

  /** A fresh visitor; any page error, CSP violation or request off this machine is a problem. */
  async function visitor(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    context = await browser.newContext(options);
    // The network is closed: share pages (facebook.com...) answer from here, nothing leaves the machine.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.fulfill({ contentType: 'text/html', body: '<p>share page</p>' }));
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
    });
    return page;
  }

  afterEach(async () => {
    await context?.close();
    expect(problems.splice(0)).toEqual([]);
  });

  const widget = (page: Page) => page.locator('vouch-widget');

  async function advocateBuys(page: Page, orderNumber: string, email = `ann+${orderNumber}@example.com`) {
    shop.setPage(`/thanks/${orderNumber}`, { scripts: [purchase(email, orderNumber, collector.apiKey)] });
    await page.goto(`${shop.url}/thanks/${orderNumber}`);
    // The panel's headline, or on a phone the launcher's (the panel waits for the visitor there).
    await expect.poll(() => widget(page).locator('h2, .launcher').first().textContent({ timeout: 10_000 })).toBe('Give $10, get $10');
  }

  const offerFor = (orderNumber: string) =>
    collector.running.services.db
      .selectFrom('offers')
      .innerJoin('origins', 'origins.id', 'offers.origin_id')
      .where('origins.order_number', '=', orderNumber)
      .select(['offers.id', 'offers.short_url_code'])
      .executeTakeFirstOrThrow();

  const sharesOf = async (orderNumber: string) => {
    const offer = await offerFor(orderNumber);
    const rows = await collector.running.services.db.selectFrom('shares').where('offer_id', '=', offer.id).select('channel').execute();
    return rows.map((row) => row.channel).sort();
  };

  it('shows the offer on a shop with a strict CSP and hostile CSS, from the snippet as written', async () => {
    const page = await visitor();
    await advocateBuys(page, 'CSP-1');
    const panel = widget(page).locator('[role=dialog]');
    await expect.poll(() => panel.isVisible()).toBe(true);
    // The shop's `* { color: red !important }` stops at the shadow root.
    const colour = await widget(page).locator('h2').evaluate((element) => getComputedStyle(element).color);
    expect(colour).toBe('rgb(17, 24, 39)');
    expect(await widget(page).locator('.launcher').isVisible()).toBe(true);
    // The widget adds no global but `vouch`.
    expect(await page.evaluate(() => typeof (window as unknown as { vouch: unknown }).vouch)).toBe('function');
  });

  /** The widget's files a page fetched from the collector, by name ("loader.js", "widget-….js", "fr-….js"). */
  const widgetFilesFetched = (page: Page) => {
    const files: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${collector.url}/widget/`)) files.push(request.url().split('/').pop()!);
    });
    return files;
  };

  /** Every headline the widget showed, sampled each frame from the page's start: a first paint in the wrong language shows here. */
  const recordHeadlines = (page: Page) =>
    page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { headlinesSeen: string[] }).headlinesSeen = seen;
      const sample = () => {
        const text = document.querySelector('vouch-widget')?.shadowRoot?.querySelector('h2')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
  const headlinesSeen = (page: Page) => page.evaluate(() => (window as unknown as { headlinesSeen: string[] }).headlinesSeen);

  it('fetches the loader and one widget file for an English offer, and nothing else of the widget', async () => {
    const page = await visitor();
    const files = widgetFilesFetched(page);
    await advocateBuys(page, 'LEAN-1');
    expect(files.map((file) => file.replace(/-[\w-]+\.js$/, '.js'))).toEqual(['loader.js', 'widget.js']);
  });

  it("shows a French site's offer in French from its first paint, its language file fetched from the collector on a strict CSP", async () => {
    // The campaign's own locale: the widget learns it from the collector's answer, and waits for the French file before it draws.
    const french = await startCollector({ destinationUrl: `${shop.url}/welcome`, site: { locale: 'fr' } });
    const frenchShop = await startHostPage({ collectorUrl: french.url, siteSlug: french.siteSlug });
    try {
      const page = await visitor();
      const files: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(`${french.url}/widget/`)) files.push(request.url().split('/').pop()!);
      });
      await recordHeadlines(page);
      frenchShop.setPage('/merci', { scripts: [purchase('ann+fr1@example.com', 'FR-1', french.apiKey)] });
      await page.goto(`${frenchShop.url}/merci`);
      await expect.poll(() => widget(page).locator('h2').textContent({ timeout: 10_000 })).toBe('Offrez $10, recevez $10');
      expect(await widget(page).locator('.launcher').textContent()).toBe('Offrez $10, recevez $10');
      expect(await headlinesSeen(page)).toEqual(['Offrez $10, recevez $10']);
      expect(files.map((file) => file.replace(/-[\w-]+\.js$/, '.js'))).toEqual(['loader.js', 'widget.js', 'fr.js']);
      expect(await page.title()).not.toMatch(/^error:/);
    } finally {
      await frenchShop.stop();
      await french.cleanup();
    }
  });

  it('shows the offer in English when the French file cannot be fetched, and tells the page why', async () => {
    const page = await visitor();
    await context.route(/\/widget\/assets\/fr-[\w-]+\.js$/, (route) => route.abort('connectionrefused'));
    const errors = "vouch('on', 'error', function (e) { document.body.dataset.errors = (document.body.dataset.errors || '') + e.code + ' '; });";
    shop.setPage('/merci/FR-2', { scripts: [`${errors}\nvouch('config', {locale: 'fr'});\n${purchase('ann+fr2@example.com', 'FR-2', collector.apiKey)}`] });
    await page.goto(`${shop.url}/merci/FR-2`);
    await expect.poll(() => widget(page).locator('h2').textContent({ timeout: 10_000 })).toBe('Give $10, get $10');
    // Said once, though the page named French twice (its config, then the campaign's answer).
    expect(await page.locator('body').getAttribute('data-errors')).toBe('network ');
  });

  it("opens each channel's share page with its own claim link and records every share", async () => {
    const page = await visitor();
    await advocateBuys(page, 'SHARE-1');
    const links = widget(page).locator('a.channel');
    const hrefs = await links.evaluateAll((elements) => elements.map((element) => (element as HTMLAnchorElement).href));
    const { short_url_code } = await offerFor('SHARE-1');
    const offer = (await collector.get(`/api/v2/offers/${short_url_code}?site_slug=test-shop`)).body.result.offer;
    expect(hrefs[0]).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(offer.claim_urls.facebook)}`);
    expect(hrefs[1]).toContain(`https://twitter.com/intent/tweet?text=`);
    expect(hrefs[1]).toContain(`&url=${encodeURIComponent(offer.claim_urls.twitter)}`);
    expect(hrefs[2]).toContain(encodeURIComponent(offer.claim_urls.whatsapp));
    expect(hrefs[3]).toBe(`https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(offer.claim_urls.linkedin)}`);
    expect(hrefs[4]).toMatch(/^sms:\?&body=.*/);
    expect(hrefs[4]).toContain(encodeURIComponent(offer.claim_urls.sms));
    expect(hrefs[5]).toMatch(/^mailto:\?subject=/);

    for (let i = 0; i < 4; i++) {
      const [popup] = await Promise.all([page.waitForEvent('popup'), links.nth(i).click()]);
      expect(popup.url()).toBe(hrefs[i]);
      await popup.close();
    }
    // sms: and mailto: hand over to an app; headless Chromium has none, so the click is kept on the page.
    await widget(page).evaluate((host) => host.shadowRoot!.addEventListener('click', (event) => event.preventDefault()));
    await links.nth(4).click();
    await links.nth(5).click();
    await expect.poll(() => sharesOf('SHARE-1')).toEqual(['facebook', 'linkedin', 'other', 'sms', 'twitter', 'whatsapp']);
  });

  it('copies the link to the clipboard and says so', async () => {
    const page = await visitor({ permissions: ['clipboard-read', 'clipboard-write'] });
    await advocateBuys(page, 'COPY-1');
    await widget(page).locator('.copy').click();
    await expect.poll(() => widget(page).locator('.copy').textContent()).toBe('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`^http://(127\\.0\\.0\\.1|localhost):${new URL(collector.url).port}/x/\\w+$`));
    await expect.poll(() => sharesOf('COPY-1')).toEqual(['other']);
  });

  it("keeps a friend's visitor uuid from the claim link and sends it with the friend's purchase", async () => {
    const advocatePage = await visitor();
    await advocateBuys(advocatePage, 'ADV-1', 'ann@example.com');
    const claimUrl = await widget(advocatePage).locator('#vouch-link').inputValue();
    await context.close();

    shop.setPage('/welcome', { body: '<h1>Welcome, friend</h1>' });
    const friend = await visitor();
    await friend.goto(claimUrl);
    expect(new URL(friend.url()).pathname).toBe('/welcome');
    const uuid = new URL(friend.url()).searchParams.get('vouch_uuid');
    expect(uuid).toBeTruthy();
    const cookies = await context.cookies(shop.url);
    expect(cookies.find((cookie) => cookie.name === 'vouch_uuid')).toMatchObject({ value: uuid, sameSite: 'Lax', path: '/' });

    shop.setPage('/thanks/FRIEND-1', { scripts: [purchase('bea@example.org', 'FRIEND-1')] });
    await friend.goto(`${shop.url}/thanks/FRIEND-1`);
    await expect.poll(() => widget(friend).locator('h2').textContent({ timeout: 10_000 })).toBe('Give $10, get $10');
    const referral = await collector.running.services.db
      .selectFrom('referrals')
      .innerJoin('origins', 'origins.id', 'referrals.friend_origin_id')
      .where('origins.order_number', '=', 'FRIEND-1')
      .select(['referrals.attributed_by', 'origins.visitor_uuid'])
      .executeTakeFirst();
    expect(referral).toEqual({ attributed_by: 'uuid', visitor_uuid: uuid });
  });

  it('leaves the page working when the collector is down', async () => {
    const down = await startCollector({ destinationUrl: `${shop.url}/welcome` });
    const downShop = await startHostPage({ collectorUrl: down.url, siteSlug: down.siteSlug });
    downShop.setPage('/thanks', {
      scripts: [
        `vouch('on', 'error', function (e) { document.title = 'error:' + e.code; });
document.addEventListener('click', function (event) {
  if (event.target.id === 'buy') { vouch('purchase', {email: 'cy@example.com', order_number: 'DOWN-1', subtotal: 10}); event.target.textContent = 'bought'; }
});`,
      ],
      body: '<h1>Thanks</h1><button id="buy">buy</button>',
    });
    try {
      const page = await visitor();
      await page.goto(`${downShop.url}/thanks`, { waitUntil: 'networkidle' });
      await down.cleanup();
      await page.click('#buy');
      await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('error:network');
      expect(await page.textContent('#buy')).toBe('bought');
      expect(await widget(page).count()).toBe(0);
    } finally {
      await downShop.stop();
    }
  });

  /** The parts of the offer a person reads and uses, by selector inside the widget. */
  const OFFER_PARTS = { headline: 'h2', rewards: 'dl.rewards', link: '.link', 'share buttons': 'ul.channels' } as const;

  /**
   * What a person sees of the offer at the page's current size: the widget (the floating panel,
   * or the inline card) inside the viewport's width with nothing scrolling sideways, the
   * headline, both rewards, the link and every share button on screen once scrolled to, inside
   * the widget, and none covering another (the panel's close button included).
   */
  async function expectOfferFits(page: Page, container: string) {
    const size = `${page.viewportSize()!.width}×${page.viewportSize()!.height}`;
    const viewport = page.viewportSize()!;
    const box = (await widget(page).locator(container).boundingBox())!;
    expect(box.x, `${size}: left edge`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${size}: right edge`).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${size}: page scrolls sideways`).toBeLessThanOrEqual(0);
    expect(await widget(page).locator(container).evaluate((element) => element.scrollWidth - element.clientWidth), `${size}: widget scrolls sideways`).toBeLessThanOrEqual(0);
    await expect.poll(() => widget(page).locator('dl.rewards').textContent()).toContain('$10 off your first order');

    const selectors: Record<string, string> = { ...OFFER_PARTS };
    const channels = await widget(page).locator('a.channel').count();
    expect(channels, `${size}: share buttons`).toBeGreaterThanOrEqual(6);
    for (let n = 0; n < channels; n++) selectors[`share button ${n + 1}`] = `li:nth-child(${n + 1}) > a.channel`;
    if (container === '[role=dialog]') selectors['close button'] = '.close';
    for (const [name, selector] of Object.entries(selectors)) {
      const part = widget(page).locator(selector);
      await part.scrollIntoViewIfNeeded();
      expect(await part.isVisible(), `${size}: ${name} visible`).toBe(true);
      const rect = (await part.boundingBox())!;
      expect(rect.width * rect.height, `${size}: ${name} has a size`).toBeGreaterThan(0);
      expect(rect.x, `${size}: ${name} left of the widget`).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(rect.x + rect.width, `${size}: ${name} right of the widget`).toBeLessThanOrEqual(box.x + box.width + 0.5);
      expect(rect.y, `${size}: ${name} above the screen`).toBeGreaterThanOrEqual(-0.5);
      expect(rect.y + rect.height, `${size}: ${name} below the screen`).toBeLessThanOrEqual(viewport.height + 0.5);
    }
    // Measured in one go, so scrolling between measurements does not matter. Text is measured as
    // drawn (a heading's box spans the card, its words need not); buttons and fields by their box.
    const rects = await widget(page).evaluate(
      (host, { wanted, textParts }) => {
        const root = host.shadowRoot!;
        return Object.fromEntries(
          Object.entries(wanted).map(([name, selector]) => {
            const element = root.querySelector(selector)!;
            const range = document.createRange();
            range.selectNodeContents(element);
            const rect = textParts.includes(name) ? range.getBoundingClientRect() : element.getBoundingClientRect();
            return [name, { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom }];
          }),
        );
      },
      { wanted: selectors, textParts: ['headline', 'rewards'] },
    );
    // The share list holds the share buttons: it is compared with the other parts, not with its own buttons.
    const names = Object.keys(rects);
    for (const [i, a] of names.entries()) {
      for (const b of names.slice(i + 1)) {
        if (a === 'share buttons' && b.startsWith('share button ')) continue;
        const [p, q] = [rects[a]!, rects[b]!];
        const overlaps = p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5;
        expect(overlaps, `${size}: ${a} overlaps ${b}`).toBe(false);
      }
    }
  }

  it('fits a phone: the launcher waits, then a modal bottom sheet across the screen, every part on screen, nothing overlapping, the email form usable at 320 px', async () => {
    const page = await visitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await advocateBuys(page, 'PHONE-1');
    // On a phone the sheet would cover most of the shop's page: it does not open by itself.
    expect(await widget(page).locator('[role=dialog]').count()).toBe(0);
    expect(await widget(page).locator('.launcher').getAttribute('aria-expanded')).toBe('false');
    await page.screenshot({ path: join(ARTIFACTS, 'widget-phone-launcher.png') });
    await widget(page).locator('.launcher').click();
    const panel = widget(page).locator('[role=dialog]');
    expect(await panel.getAttribute('aria-modal')).toBe('true');
    const box = (await panel.boundingBox())!;
    expect(box.width).toBe(390);
    expect(box.y + box.height).toBeCloseTo(844, 0);
    await expectOfferFits(page, '[role=dialog]');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'widget-phone.png') });
    await widget(page).locator('summary').click();
    await page.screenshot({ path: join(ARTIFACTS, 'widget-phone-email.png') });
    await page.setViewportSize({ width: 320, height: 640 });
    await expectOfferFits(page, '[role=dialog]');
    // At 320 px a person can still type an address and send the invite, and reads the answer.
    const recipients = widget(page).locator('#vouch-recipients');
    await recipients.scrollIntoViewIfNeeded();
    await recipients.fill('bob@example.com');
    const send = widget(page).locator('form button[type=submit]');
    await send.scrollIntoViewIfNeeded();
    const sendBox = (await send.boundingBox())!;
    expect(sendBox.x).toBeGreaterThanOrEqual(0);
    expect(sendBox.x + sendBox.width).toBeLessThanOrEqual(320.5);
    await send.click();
    await expect.poll(() => widget(page).locator('.outcome').textContent()).toBe('Invitations sent: 1');
    // The tick beside "Invitations sent" points up and right, as drawn: the summary's arrow alone turns.
    expect(await widget(page).locator('.outcome svg').evaluate((icon) => getComputedStyle(icon).rotate)).toBe('none');
    expect(await widget(page).locator('summary svg:last-child').evaluate((icon) => getComputedStyle(icon).rotate)).toBe('180deg');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'widget-phone-320.png') });
  });

  it("invites as many friends at once as the site allows, long addresses and all, on a phone", async () => {
    const page = await visitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await advocateBuys(page, 'MANY-1');
    await widget(page).locator('.launcher').click();
    const panel = widget(page).locator('[role=dialog]');
    /** Whether anything in the panel is wider than the panel (a long address pushing the layout sideways). */
    const overflowsSideways = () => panel.evaluate((element) => element.scrollWidth > element.clientWidth);
    await widget(page).locator('summary').click();
    const note = widget(page).locator('#vouch-recipients-note');
    expect(await note.textContent()).toBe('Separate with commas, up to 25.');

    const friends = Array.from({ length: 25 }, (_, i) =>
      i % 3 === 0 ? `friend${i}@example.com` : `a.rather.long.mailbox.name.for.friend.number.${i}@mail.a-long-subdomain.example-company.co.uk`,
    );
    const recipients = widget(page).locator('#vouch-recipients');
    await recipients.fill(friends.join(', '));
    await page.screenshot({ path: join(ARTIFACTS, 'widget-phone-email-long.png') });
    expect(await overflowsSideways()).toBe(false);
    await recipients.fill([...friends, 'one.too.many@example.com'].join(', '));
    await widget(page).locator('button[type=submit]').click();
    await expect.poll(() => note.textContent()).toBe('Up to 25 at a time.');

    await recipients.fill(friends.join(', '));
    await widget(page).locator('button[type=submit]').click();
    await expect.poll(() => widget(page).locator('.outcome .success').textContent()).toBe('Invitations sent: 25');
    const { id } = await offerFor('MANY-1');
    const invited = await collector.running.services.db
      .selectFrom('claim_links')
      .where('offer_id', '=', id)
      .where('recipient_email', 'is not', null)
      .select('recipient_email')
      .execute();
    expect(invited.map((row) => row.recipient_email).sort()).toEqual([...friends].sort());

    // The same friends again: each is listed as already invited, by its full address.
    await recipients.fill(friends.join(', '));
    await widget(page).locator('button[type=submit]').click();
    await expect.poll(() => widget(page).locator('.outcome li').count()).toBe(25);
    expect(await widget(page).locator('.outcome li').first().textContent()).toBe(`${friends[0]}: already invited`);
    await widget(page).locator('.outcome').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'widget-phone-email-long-answer.png') });
    expect(await overflowsSideways()).toBe(false);
  });

  it('keeps keyboard focus inside the sheet on a phone: Tab goes round, Escape gives it back to the launcher', async () => {
    const page = await visitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    shop.setPage('/thanks/KEYS-1', {
      scripts: [purchase('ann+KEYS-1@example.com', 'KEYS-1', collector.apiKey)],
      body: '<h1>Thank you!</h1><p><a href="/shop">Keep shopping</a> <button type="button">Track my order</button></p><footer><a href="/help">Help</a></footer>',
    });
    await page.goto(`${shop.url}/thanks/KEYS-1`);
    await expect.poll(() => widget(page).locator('.launcher').textContent({ timeout: 10_000 })).toBe('Give $10, get $10');
    await widget(page).locator('.launcher').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => widget(page).evaluate((host) => host.shadowRoot!.activeElement?.getAttribute('role'))).toBe('dialog');

    /** What has focus: a shop element by its text, or the widget's focused control. */
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        if (active?.tagName !== 'VOUCH-WIDGET') return `shop: ${active?.textContent ?? active?.tagName}`;
        const inner = active.shadowRoot!.activeElement!;
        return `${inner.closest('[role=dialog]') ? 'sheet' : 'outside the sheet'}: ${inner.getAttribute('aria-label') || inner.textContent || inner.id}`;
      });
    const forward: string[] = [];
    for (let n = 0; n < 12; n++) {
      await page.keyboard.press('Tab');
      forward.push(await focused());
    }
    // Close, link, copy, six share buttons, the email disclosure, the dashboard link: then round to the close button.
    expect(forward).toEqual([
      'sheet: Close',
      'sheet: vouch-link',
      'sheet: Copy',
      'sheet: fFacebook',
      'sheet: 𝕏X',
      'sheet: WhatsApp',
      'sheet: inLinkedIn',
      'sheet: Text',
      'sheet: Email',
      'sheet: Invite friends by email',
      'sheet: See your referrals',
      'sheet: Close',
    ]);
    // Shift+Tab from the first control goes to the last, and once more to the email disclosure.
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('sheet: See your referrals');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('sheet: Invite friends by email');
    // With the email form open its controls join the round; the last is the send button.
    await page.keyboard.press('Enter');
    const backward: string[] = [];
    for (let n = 0; n < 16; n++) {
      await page.keyboard.press('Shift+Tab');
      backward.push(await focused());
    }
    expect(backward.filter((where) => !where.startsWith('sheet: '))).toEqual([]);
    expect(backward).toContain('sheet: Send invitations');
    await page.screenshot({ path: join(ARTIFACTS, 'widget-phone-keyboard.png') });
    await page.keyboard.press('Escape');
    expect(await widget(page).locator('[role=dialog]').count()).toBe(0);
    expect(await focused()).toBe('outside the sheet: Give $10, get $10');
  });

  it("spaces the share buttons' labels apart on the offer page at 390 and 320 px", async () => {
    const page = await visitor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await advocateBuys(page, 'OFFER-PAGE-1');
    const { short_url_code: code } = await offerFor('OFFER-PAGE-1');
    await page.goto(`${collector.url}/o/${code}`);
    await expect.poll(() => widget(page).locator('h2').textContent({ timeout: 10_000 })).toBe('Give $10, get $10');
    for (const [width, height] of [
      [390, 844],
      [320, 640],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expectOfferFits(page, 'section.card');
      // Each label as drawn (its text, not its button's box), at least 2 px from every other.
      const labels = await widget(page).evaluate((host) =>
        [...host.shadowRoot!.querySelectorAll('a.channel')].map((link) => {
          const range = document.createRange();
          range.selectNodeContents(link.lastChild!);
          const { left, top, right, bottom } = range.getBoundingClientRect();
          return { name: link.lastChild!.textContent!, left, top, right, bottom };
        }),
      );
      expect(labels.map((label) => label.name)).toEqual(['Facebook', 'X', 'WhatsApp', 'LinkedIn', 'Text', 'Email']);
      for (const [i, a] of labels.entries()) {
        for (const b of labels.slice(i + 1)) {
          const apart = a.right + 2 <= b.left || b.right + 2 <= a.left || a.bottom + 2 <= b.top || b.bottom + 2 <= a.top;
          expect(apart, `${width} px: ${a.name} touches ${b.name}`).toBe(true);
        }
      }
      await widget(page).locator('ul.channels').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, `offer-page-${width}.png`) });
    }
  });

  it('fits a desktop, floating and inline: every part on screen, nothing overlapping', async () => {
    const page = await visitor({ viewport: { width: 1280, height: 900 } });
    await advocateBuys(page, 'DESK-1');
    await expectOfferFits(page, '[role=dialog]');
    await page.screenshot({ path: join(ARTIFACTS, 'widget-desktop.png') });
    shop.setPage('/inline', {
      loaderAttributes: 'data-target="#vouch-offer"',
      scripts: [purchase('dee@example.com', 'INLINE-1', collector.apiKey)],
      body: '<h1>Thank you!</h1><section id="vouch-offer"></section>',
    });
    await page.goto(`${shop.url}/inline`);
    await expect.poll(() => widget(page).getAttribute('data-placement', { timeout: 10_000 })).toBe('inline');
    await expect.poll(() => widget(page).locator('h2').textContent({ timeout: 10_000 })).toBe('Give $10, get $10');
    await expectOfferFits(page, 'section.card');
    await page.screenshot({ path: join(ARTIFACTS, 'widget-inline.png'), fullPage: true });
  });
});
