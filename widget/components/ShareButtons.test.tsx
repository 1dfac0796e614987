import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, offerView } from '../test-support/fake-api';
import { renderWidget } from '../test-support/render-widget';

afterEach(() => {
  document.body.innerHTML = '';
});

const text = encodeURIComponent('Get $10 off your first order at My Store with my link:');

describe('share buttons', () => {
  it("open each channel's share page with that channel's own claim link", async () => {
    const widget = await renderWidget();
    const links = [...widget.root.querySelectorAll<HTMLAnchorElement>('a.channel')].map((link) => [link.textContent, link.getAttribute('href'), link.target]);
    expect(links).toEqual([
      ['fFacebook', `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent('http://collector.test/x/Face0001')}`, '_blank'],
      ['𝕏X', `https://twitter.com/intent/tweet?text=${text}&url=${encodeURIComponent('http://collector.test/x/Twit0001')}`, '_blank'],
      ['WhatsApp', `https://wa.me/?text=${encodeURIComponent('Get $10 off your first order at My Store with my link: http://collector.test/x/What0001')}`, '_blank'],
      ['inLinkedIn', `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent('http://collector.test/x/Link0001')}`, '_blank'],
      ['Text', `sms:?&body=${encodeURIComponent('Get $10 off your first order at My Store with my link: http://collector.test/x/Sms00001')}`, ''],
      ['Email', `mailto:?subject=${encodeURIComponent('$10 off your first order at My Store')}&body=${encodeURIComponent('Get $10 off your first order at My Store with my link: http://collector.test/x/Othr0001')}`, ''],
    ]);
  });

  it("shows an experiment variant's channels in its order, and its copy over the snippet's", async () => {
    const view = offerView();
    view.campaign.variant = { id: 'channels', strings: { shareVia: 'Tell a friend on' }, share_channels: ['whatsapp', 'email', 'sms'] };
    const widget = await renderWidget({ api: fakeApi(view), config: { strings: { shareVia: 'Share on' } } });
    expect([...widget.root.querySelectorAll('a.channel')].map((link) => link.textContent)).toEqual(['WhatsApp', 'Email', 'Text']);
    expect(widget.text()).toContain('Tell a friend on');
  });

  it('records each share with the collector, mailto as "other"', async () => {
    const widget = await renderWidget();
    const shares: string[] = [];
    widget.controller.events.on('share', ({ channel }) => shares.push(channel));
    for (const link of widget.root.querySelectorAll<HTMLAnchorElement>('a.channel')) {
      link.addEventListener('click', (event) => event.preventDefault());
      link.click();
    }
    await widget.settle();
    const recorded = widget.api.calls.filter((call) => call.method === 'recordSocialShare').map((call) => call.args);
    expect(recorded).toEqual(['facebook', 'twitter', 'whatsapp', 'linkedin', 'sms', 'other'].map((channel) => ['dZpBwd2k', channel]));
    expect(shares).toEqual(['facebook', 'twitter', 'whatsapp', 'linkedin', 'sms', 'other']);
  });

  it('offers the device share sheet only where the browser has one', async () => {
    expect('share' in navigator).toBe(false);
    expect((await renderWidget()).text()).not.toContain('Share your link');
    document.body.innerHTML = '';

    // happy-dom has no share sheet: this stands in for a phone's, which is the browser's, not ours.
    const shared: ShareData[] = [];
    Object.defineProperty(navigator, 'share', { configurable: true, value: async (data: ShareData) => void shared.push(data) });
    try {
      const widget = await renderWidget();
      widget.find<HTMLButtonElement>('button.share').click();
      await widget.settle();
      expect(shared).toEqual([{ title: '$10 off your first order at My Store', text: 'Get $10 off your first order at My Store with my link:', url: 'http://collector.test/x/Othr0001' }]);
      expect(widget.api.calls.at(-1)).toEqual({ method: 'recordSocialShare', args: ['dZpBwd2k', 'other'] });
    } finally {
      delete (navigator as { share?: unknown }).share;
    }
  });
});

describe('copy link', () => {
  it('copies the generic claim link, says "Copied" and records the share', async () => {
    const widget = await renderWidget();
    expect(widget.find<HTMLInputElement>('#vouch-link').value).toBe('http://collector.test/x/Othr0001');
    widget.find<HTMLButtonElement>('.copy').click();
    await widget.settle();
    expect(await navigator.clipboard.readText()).toBe('http://collector.test/x/Othr0001');
    expect(widget.find('.copy').textContent).toBe('Copied');
    expect(widget.find('[role=status]').textContent).toBe('Copied');
    expect(widget.api.calls.at(-1)).toEqual({ method: 'recordSocialShare', args: ['dZpBwd2k', 'other'] });
  });
});
