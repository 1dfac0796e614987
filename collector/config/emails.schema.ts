import * as v from 'valibot';

/**
 * The emails Vouch sends on its own, each switched per site. Off unless turned on: a shop that
 * already mails its advocates from the Reward web hook must not start sending twice on upgrade.
 */
export const EmailsSchema = v.object({
  /** One email to the advocate when their reward is approved, with its code when there is one. */
  reward_notice: v.optional(v.boolean(), false),
});

export type Emails = v.InferOutput<typeof EmailsSchema>;
