import type { ShareChannel } from '../store/tables';

/** Every channel an offer gets its own claim link for (Talkable's list). */
export const SHARE_CHANNELS: readonly ShareChannel[] = ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'email', 'other'];

/** Channels a social share can be recorded for (email shares have their own endpoint). */
export const SOCIAL_CHANNELS = ['facebook', 'twitter', 'linkedin', 'whatsapp', 'sms', 'other'] as const;
