/** Every channel an offer gets its own claim link for (Talkable's list). */
export const SHARE_CHANNELS = ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'email', 'other'] as const;

/** A share channel: where a claim link was shared. */
export type ShareChannel = (typeof SHARE_CHANNELS)[number];

/** Channels a social share can be recorded for (email shares have their own endpoint). */
export const SOCIAL_CHANNELS = ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'other'] as const satisfies readonly ShareChannel[];

/** A channel a social share is recorded for. */
export type SocialChannel = (typeof SOCIAL_CHANNELS)[number];

/**
 * Channels Talkable reserves, which `sharing_channels` may not name: email links are made per
 * invited friend, and the others are Talkable's own placements.
 */
export const RESERVED_SHARING_CHANNELS = ['email', 'reminder', 'facebook_sponsored', 'coupon'] as const;

/** How a custom sharing channel a merchant names is spelled: a short lowercase slug ("custom", "instagram-story"). */
export const CUSTOM_CHANNEL_PATTERN = /^[a-z][a-z0-9_-]{0,29}$/;

/** A custom sharing channel a merchant named (matches CUSTOM_CHANNEL_PATTERN). */
export type CustomChannel = string & { readonly customChannel?: true };

/** Most channels one offer may have links for, built-in and custom together: a browser may name channels, and each is a row. */
export const MAX_CHANNELS_PER_OFFER = 20;
