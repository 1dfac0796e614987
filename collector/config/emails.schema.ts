import * as v from 'valibot';

/** Talkable's default wait before an invited friend's reminder. */
export const DEFAULT_FRIEND_REMINDER_AFTER_HOURS = 72;

/**
 * The emails Vouch sends on its own, each switched per site. Off unless turned on: a shop that
 * already mails its advocates from the Reward web hook must not start sending twice on upgrade.
 */
export const EmailsSchema = v.object({
  /** One email to the advocate when their reward is approved, with its code when there is one. */
  reward_notice: v.optional(v.boolean(), false),
  /**
   * One reminder to an invited friend who has not clicked, when the email share asked for it
   * (Talkable's `reminder`): the share's own request is the opt-in, so this is on unless set false.
   */
  friend_reminder: v.optional(v.boolean(), true),
  /** How long after the invite the reminder goes; 72 hours is Talkable's default. */
  friend_reminder_after_hours: v.optional(v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(720)), DEFAULT_FRIEND_REMINDER_AFTER_HOURS),
});

export type Emails = v.InferOutput<typeof EmailsSchema>;
