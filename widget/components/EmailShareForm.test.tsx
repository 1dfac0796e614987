import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, offerView } from '../test-support/fake-api';
import { renderWidget } from '../test-support/render-widget';
import { VouchError } from '../vouch-error';

afterEach(() => {
  document.body.innerHTML = '';
});

async function submit(widget: Awaited<ReturnType<typeof renderWidget>>, recipients: string, message = '') {
  widget.find<HTMLTextAreaElement>('#vouch-recipients').value = recipients;
  widget.find<HTMLTextAreaElement>('#vouch-message').value = message;
  widget.find('form').dispatchEvent(new Event('submit', { cancelable: true }));
  await widget.settle();
}

const note = (widget: Awaited<ReturnType<typeof renderWidget>>) => widget.find('#vouch-recipients-note').textContent;

describe('the email share form', () => {
  it('refuses addresses the collector would refuse, before sending anything', async () => {
    const widget = await renderWidget();
    expect(note(widget)).toBe('Separate with commas, up to 10.');
    await submit(widget, 'bob@example.com, not-an-address');
    expect(note(widget)).toBe('Check: not-an-address');
    expect(widget.find('#vouch-recipients').getAttribute('aria-invalid')).toBe('true');
    expect(widget.find('#vouch-recipients-note').getAttribute('role')).toBe('alert');
    await submit(widget, ' ');
    expect(note(widget)).toBe('Enter at least one email.');
    await submit(widget, Array.from({ length: 11 }, (_, i) => `f${i}@example.com`).join('\n'));
    expect(note(widget)).toBe('Up to 10 at a time.');
    expect(widget.api.calls.some((call) => call.method === 'shareByEmail')).toBe(false);
  });

  it("takes the site's own recipient limit from the campaign, in its hint and its check", async () => {
    const widget = await renderWidget({ api: fakeApi(offerView({ recipients_per_share: 25 })) });
    const addresses = (count: number) => Array.from({ length: count }, (_, i) => `friend${i}@example.com`).join(', ');
    expect(note(widget)).toBe('Separate with commas, up to 25.');
    await submit(widget, addresses(26));
    expect(note(widget)).toBe('Up to 25 at a time.');
    expect(widget.api.calls.some((call) => call.method === 'shareByEmail')).toBe(false);
    await submit(widget, addresses(25));
    expect(widget.api.calls.at(-1)).toMatchObject({ method: 'shareByEmail', args: ['dZpBwd2k', { recipients: addresses(25).replaceAll(' ', '') }] });
    expect(note(widget)).toBe('Separate with commas, up to 25.');
  });

  it('sends several recipients with the message and says who was not invited, and why', async () => {
    const widget = await renderWidget();
    widget.api.emailShare = async () => ({
      stats: { currently_sent: 2 },
      recipients: {
        'bob@example.com': { currently_sent: true },
        'cy@example.com': { currently_sent: true },
        'ann@example.com': { currently_sent: false, self_referral: true },
        'dee@example.com': { currently_sent: false, previously_sent: true },
      },
    });
    await submit(widget, 'Bob@example.com; cy@example.com\nann@example.com, dee@example.com', 'Try it!');
    expect(widget.api.calls.at(-1)).toEqual({
      method: 'shareByEmail',
      args: [
        'dZpBwd2k',
        {
          recipients: 'bob@example.com,cy@example.com,ann@example.com,dee@example.com',
          body: 'Try it!',
          share_key: '0123456789abcdef0123456789abcdef',
        },
      ],
    });
    expect(widget.find('.outcome .success').textContent).toBe('Invitations sent: 2');
    expect([...widget.root.querySelectorAll('.outcome li')].map((item) => item.textContent)).toEqual([
      'ann@example.com: your own address',
      'dee@example.com: already invited',
    ]);
    expect(widget.find<HTMLTextAreaElement>('#vouch-recipients').value).toBe('');
  });

  it("shows the collector's word on a refused recipient list", async () => {
    const widget = await renderWidget();
    widget.api.emailShare = () =>
      Promise.reject(new VouchError('rejected', 'recipients must name at most 10 addresses', 422, [{ field: 'recipients', message: 'too many' }], undefined, 'recipients_invalid'));
    await submit(widget, 'bob@example.com');
    expect(note(widget)).toBe('recipients must name at most 10 addresses');
    expect(widget.errors.map((error) => error.status)).toEqual([422]);
  });

  it('asks to wait when rate limited, and apologises when the collector is down', async () => {
    const widget = await renderWidget();
    widget.api.emailShare = () => Promise.reject(new VouchError('rejected', 'slow down', 429, [], 30));
    await submit(widget, 'bob@example.com');
    expect(widget.find('.outcome .error').textContent).toBe('Too many invitations. Try again in 30 s.');
    widget.api.emailShare = () => Promise.reject(new VouchError('network', 'no answer'));
    await submit(widget, 'bob@example.com');
    expect(widget.find('.outcome .error').textContent).toBe('Could not send. Please try again.');
    expect(widget.find<HTMLButtonElement>('button[type=submit]').disabled).toBe(false);
  });
});
