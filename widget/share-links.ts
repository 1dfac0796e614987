/**
 * The share buttons' links: each channel opens its own share page with that channel's own claim
 * link, so the collector can tell which channel a friend came from.
 */
import type { ShareChannel, SocialChannel } from '../collector/contract/share-channels';
import type { Offer } from './response-shape';

/** A share button's channel: every channel but the catch-all "other" (the order shown is shareLinks'). */
export type ShareButtonChannel = Exclude<ShareChannel, 'other'>;

export interface ShareLink {
  channel: ShareButtonChannel;
  href: string;
  /** How the share is recorded with the collector: email apps (mailto) count as "other", as do copy and native share. */
  recordAs: SocialChannel;
  /** Web share pages open in a new tab; sms: and mailto: hand over to an app. */
  newTab: boolean;
}

const q = encodeURIComponent;

/** The claim link for a channel, falling back to the generic one. */
export function claimUrlFor(offer: Offer, channel: keyof Offer['claim_urls']): string {
  return offer.claim_urls[channel] ?? offer.claim_urls.other ?? offer.claim_url;
}

/**
 * Every share button's link for an offer, with `text` as the message and `subject` for email;
 * only the `channels` an experiment variant names, in its order, when it names them.
 */
export function shareLinks(offer: Offer, text: string, subject: string, channels?: readonly ShareChannel[] | null): ShareLink[] {
  const message = (url: string) => q(`${text} ${url}`);
  const builders: [ShareButtonChannel, (url: string) => string][] = [
    ['facebook', (url) => `https://www.facebook.com/sharer/sharer.php?u=${q(url)}`],
    ['twitter', (url) => `https://twitter.com/intent/tweet?text=${q(text)}&url=${q(url)}`],
    ['whatsapp', (url) => `https://wa.me/?text=${message(url)}`],
    ['linkedin', (url) => `https://www.linkedin.com/sharing/share-offsite/?url=${q(url)}`],
    // "sms:?&body=" is the form both iOS and Android read.
    ['sms', (url) => `sms:?&body=${message(url)}`],
    ['email', (url) => `mailto:?subject=${q(subject)}&body=${message(url)}`],
  ];
  const shown = channels ? channels.flatMap((wanted) => builders.filter(([channel]) => channel === wanted)) : builders;
  return shown.map(([channel, build]) => {
    // The widget never sees claim_urls.email (secret-key calls only): mailto shares the generic link, recorded as "other".
    const recordAs = channel === 'email' ? 'other' : channel;
    const href = build(claimUrlFor(offer, recordAs));
    return { channel, href, recordAs, newTab: href.startsWith('http') };
  });
}
