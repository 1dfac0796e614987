/** Every channel an offer gets its own claim link for (Talkable's list). */
export const SHARE_CHANNELS = ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'email', 'other'] as const;

/** A share channel: where a claim link was shared. */
export type ShareChannel = (typeof SHARE_CHANNELS)[number];

/** Channels a social share can be recorded for (email shares have their own endpoint). */
export const SOCIAL_CHANNELS = ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'other'] as const satisfies readonly ShareChannel[];

/** A channel a social share is recorded for. */
export type SocialChannel = (typeof SOCIAL_CHANNELS)[number];
