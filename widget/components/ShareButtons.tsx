import type { Controller } from '../controller';
import { type ShareButtonChannel, claimUrlFor, shareLinks } from '../share-links';
import { Icon } from './Icon';
import { CHAT, MAIL, SHARE, WHATSAPP } from './icons';

// Each channel's colour (white on it passes 3:1 contrast), its mark (an icon path, or letters for
// brands whose mark is their letters) and, for brands, the name, the same in every language.
const CHANNELS: Record<ShareButtonChannel, [colour: string, mark: string, brand?: string]> = {
  facebook: ['#1877f2', 'f', 'Facebook'],
  twitter: ['#000', '𝕏', 'X'],
  whatsapp: ['#128c7e', WHATSAPP, 'WhatsApp'],
  linkedin: ['#0a66c2', 'in', 'LinkedIn'],
  sms: ['#15803d', CHAT],
  email: ['#475569', MAIL],
};

/** One button per channel, each with its own claim link, plus the device's share sheet where there is one. */
export function ShareButtons({ controller }: { controller: Controller }) {
  const { offer, campaign } = controller.view.value!;
  const s = controller.strings.value;
  const text = controller.shareText.value;
  const subject = controller.emailSubject.value;

  const shareNatively = () =>
    navigator
      .share({ title: subject, text, url: claimUrlFor(offer, 'other') })
      .then(() => controller.recordShare('other'))
      // Closing the share sheet rejects with AbortError: the visitor changed their mind, not an error.
      .catch((error: Error) => error.name !== 'AbortError' && controller.report(error));

  return (
    <div class="field">
      <p class="label" id="vouch-share-via">
        {s.shareVia}
      </p>
      {/* Where the device has a share sheet (most phones), it reaches every app: offer it first. */}
      {'share' in navigator && (
        <button type="button" class="brand share" onClick={shareNatively}>
          <Icon d={SHARE} />
          {s.shareLink}
        </button>
      )}
      <ul class="channels" aria-labelledby="vouch-share-via">
        {shareLinks(offer, text, subject, campaign.variant?.share_channels).map(({ channel, href, newTab, recordAs }) => {
          const [colour, mark, brand] = CHANNELS[channel];
          const name = brand ?? s[channel as 'sms' | 'email'];
          return (
            <li key={channel}>
              <a
                class="channel"
                href={href}
                target={newTab ? '_blank' : undefined}
                rel="noopener noreferrer"
                onClick={() => controller.recordShare(recordAs)}
              >
                {/* A CSSOM write, not a style attribute: allowed under a strict CSP. */}
                <span class="icon" style={{ '--c': colour }}>
                  {mark.length > 2 ? <Icon d={mark} /> : <b aria-hidden="true">{mark}</b>}
                </span>
                {name}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
