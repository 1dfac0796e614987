import * as v from 'valibot';

/** Talkable's default wait before an invited friend's reminder. */
export const DEFAULT_FRIEND_REMINDER_AFTER_HOURS = 72;
/** How long after a purchase an advocate who has not shared gets their invite: two days to share on their own. */
export const DEFAULT_ADVOCATE_INVITE_AFTER_HOURS = 48;
/** Vouch's own emails one address gets in a UTC day at most: a reminder, a notice and an invite fit, a flood does not. */
export const DEFAULT_MAX_PER_PERSON_PER_DAY = 3;
/** Vouch's own emails one site sends in a UTC day at most: a guard against a misconfiguration mailing every customer at once. */
export const DEFAULT_MAX_PER_SITE_PER_DAY = 2000;

const hours = v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(720));

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
  friend_reminder_after_hours: v.optional(hours, DEFAULT_FRIEND_REMINDER_AFTER_HOURS),
  /** One email to an advocate whose purchase the merchant's server reported, with their link and offer, when they have not shared. */
  advocate_invite: v.optional(v.boolean(), false),
  /** How long after the purchase the advocate's invite goes, unless they have shared by then. */
  advocate_invite_after_hours: v.optional(hours, DEFAULT_ADVOCATE_INVITE_AFTER_HOURS),
  /** The friend's coupon by email when a friend opens the link of the invite sent to their address. */
  friend_coupon: v.optional(v.boolean(), false),
  /** Most of Vouch's own emails (every kind above) one address gets in a UTC day; the rest are skipped. */
  max_per_person_per_day: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), DEFAULT_MAX_PER_PERSON_PER_DAY),
  /** Most of Vouch's own emails the site sends in a UTC day; the rest are skipped. */
  max_per_site_per_day: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)), DEFAULT_MAX_PER_SITE_PER_DAY),
});

export type Emails = v.InferOutput<typeof EmailsSchema>;

/** Every switch and limit at its default: a site that names no `emails`. */
export const DEFAULT_EMAILS: Emails = v.parse(EmailsSchema, {});
