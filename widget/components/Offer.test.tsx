import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, offerView } from '../test-support/fake-api';
import { renderWidget } from '../test-support/render-widget';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the offer', () => {
  it('shows both rewards with a "Give $10, get $10" headline', async () => {
    const widget = await renderWidget();
    expect(widget.find('h2').textContent).toBe('Give $10, get $10');
    expect(widget.text()).toContain('Your friends get$10 off your first order');
    expect(widget.text()).toContain('You get$10 back');
  });

  it('speaks the campaign locale, French included', async () => {
    const widget = await renderWidget({ api: fakeApi(offerView({ locale: 'fr' })) });
    expect(widget.find('h2').textContent).toBe('Offrez $10, recevez $10');
    expect(widget.find('label').textContent).toBe('Votre lien');
  });

  it("switches to French when the page asks for it after the offer is showing, once the French strings arrive", async () => {
    const widget = await renderWidget();
    expect(widget.find('h2').textContent).toBe('Give $10, get $10');
    widget.controller.configure({ locale: 'fr-CA' });
    await vi.waitFor(() => expect(widget.find('h2').textContent).toBe('Offrez $10, recevez $10'));
    expect(widget.errors).toEqual([]);
  });

  it('takes string overrides from the site', async () => {
    const widget = await renderWidget({ config: { strings: { headline: 'Share {friend}!', eyebrow: 42 } } });
    expect(widget.find('h2').textContent).toBe('Share $10!');
    expect(widget.find('.eyebrow').textContent).toBe('Refer a friend');
  });

  it('falls back to "Refer a friend" when a reward names no amount', async () => {
    const view = offerView();
    view.campaign.advocate_reward.incentive_description = 'A thank-you gift';
    const widget = await renderWidget({ api: fakeApi(view) });
    expect(widget.find('h2').textContent).toBe('Refer a friend');
  });

  it('offers email invites only for an offer that can send them (it came with a share key)', async () => {
    const vouched = await renderWidget();
    expect(vouched.root.querySelector('details.email')).not.toBeNull();
    document.body.innerHTML = '';

    const claimOnly = offerView();
    delete claimOnly.offer.share_key;
    const unsigned = await renderWidget({ api: fakeApi(claimOnly) });
    expect(unsigned.root.querySelector('details.email')).toBeNull();
    expect(unsigned.text()).toContain('Your friends get');
    document.body.innerHTML = '';

    const givenByMerchant = await renderWidget({ api: fakeApi(claimOnly), config: { shareKey: '0123456789abcdef0123456789abcdef' } });
    expect(givenByMerchant.root.querySelector('details.email')).not.toBeNull();
  });

  it('sends the visitor uuid cookie with a purchase so the friend is attributed', async () => {
    document.cookie = 'vouch_uuid=0193c2b4-7f1e-7a22-9c3d-5e6f7a8b9c0d; Path=/';
    const widget = await renderWidget();
    expect(widget.api.calls[0]).toEqual({
      method: 'createOrigin',
      args: ['Purchase', { uuid: '0193c2b4-7f1e-7a22-9c3d-5e6f7a8b9c0d', email: 'ann@example.com', order_number: 'A-1', subtotal: 42.5, first_name: 'Ann' }],
    });
    document.cookie = 'vouch_uuid=; Max-Age=0; Path=/';
  });

  it('reports a rendering failure and disappears instead of breaking the page', async () => {
    const widget = await renderWidget();
    widget.controller.config.value = { locale: 42 as unknown as string };
    await widget.settle();
    expect(widget.errors.map((error) => error.code)).toEqual(['internal']);
    expect(widget.root.childNodes.length).toBe(0);
  });
});

describe('the floating panel', () => {
  it('opens by itself with the offer, and the launcher toggles it', async () => {
    const widget = await renderWidget({ inline: false });
    const launcher = widget.find<HTMLButtonElement>('.launcher');
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(widget.find('[role=dialog]').getAttribute('aria-labelledby')).toBe('vouch-headline');
    launcher.click();
    await widget.settle();
    expect(widget.root.querySelector('[role=dialog]')).toBeNull();
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    launcher.click();
    await widget.settle();
    expect(widget.root.activeElement).toBe(widget.find('[role=dialog]'));
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const widget = await renderWidget({ inline: false });
    widget.find('[role=dialog]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await widget.settle();
    expect(widget.root.querySelector('[role=dialog]')).toBeNull();
    expect(widget.root.activeElement).toBe(widget.find('.launcher'));
  });
});

describe('the link to the dashboard', () => {
  it('shows "See your referrals" under the offer, pointing at the dashboard page', async () => {
    const widget = await renderWidget();
    const link = widget.find<HTMLAnchorElement>('a.more');
    expect(link.textContent).toBe('See your referrals');
    expect(link.href).toBe('http://collector.test/me/my-store');
  });

  it('leaves it out where the merchant said so (the dashboard page itself)', async () => {
    const widget = await renderWidget({ config: { dashboardLink: false } });
    expect(widget.root.querySelector('a.more')).toBeNull();
  });
});

describe('the dashboard', () => {
  it("lays out the advocate's referrals and rewards under the offer for vouch('dashboard'), its view fetched on that call", async () => {
    const api = fakeApi();
    api.getDashboard = async () => ({
      ...offerView(),
      dashboard: {
        referrals: [{ friend: 'Bea', created_at: '2026-03-02T10:15:00.000Z', status: 'approved', reason: 'Bought on March 2' }],
        rewards: [{ description: '$10 back', coupon_code: 'THANKS-10', status: 'pending', created_at: '2026-03-03T10:15:00.000Z' }],
        totals: { referrals: 1, approved: 1, pending: 0 },
      },
    });
    const widget = await renderWidget({ api });
    expect(widget.root.querySelector('.dashboard')).toBeNull();
    await widget.controller.showDashboard('token');
    await widget.settle();
    expect(widget.find('.dashboard').textContent).toContain('1 referrals: 1 counted, 0 waiting');
    // A referral's badge is worded as on the advocate pages (Counted / Waiting); a reward's is Approved / Pending.
    expect(widget.text()).toContain('BeaMar 2, 2026CountedBought on March 2');
    expect(widget.text()).toContain('Pending');
    expect(widget.text()).toContain('THANKS-10');
    expect(widget.root.querySelector('a.more')).toBeNull();
    expect(widget.errors).toEqual([]);
  });
});
