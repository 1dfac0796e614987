import type { Kysely } from 'kysely';
import type { Site } from '../config/site-config.schema';
import type { InviteAwaitingReminder } from '../store/email-notice.repository';
import type { Database } from '../store/tables';
import { enqueueOwnEmail } from './own-email-outbox';
import type { InviteMailPayload } from './invite-mail';
import { subjectLine } from './mail-layout';

/** The event type of a friend's reminder in the outbox; its subject is the invited recipient, so each friend has at most one. */
export const FRIEND_REMINDER_EVENT = 'email.friend_reminder';

/** What a reminder's subject starts with, in the site's language. */
const REMINDER_PREFIX = { en: 'Reminder: ', fr: 'Rappel : ' } as const;

/**
 * Writes the reminder of an invite to the outbox: the very invite the friend was sent (the
 * shop's template and the advocate's words, the same claim link), its subject marked as a
 * reminder, under a message id of its own. Writes nothing for an invite whose stored copy no
 * longer names that friend (erased since), or when the friend has a reminder already. Answers
 * whether this call wrote it.
 */
export async function enqueueFriendReminder(db: Kysely<Database>, site: Site, invite: InviteAwaitingReminder, now: Date): Promise<boolean> {
  let mail: Partial<InviteMailPayload>;
  try {
    mail = JSON.parse(invite.invite_payload) as Partial<InviteMailPayload>;
  } catch {
    // An erased copy is no longer the invite's JSON: there is nothing left to repeat.
    return false;
  }
  if (mail.to !== invite.email || !mail.subject || !mail.text || !mail.html || !mail.message_id || !mail.claim_url || !mail.unsubscribe_url) return false;
  const payload: InviteMailPayload = {
    to: mail.to,
    subject: subjectLine(`${REMINDER_PREFIX[site.locale]}${mail.subject}`),
    text: mail.text,
    html: mail.html,
    message_id: mail.message_id.replace(/^<invite-/, '<reminder-'),
    claim_url: mail.claim_url,
    unsubscribe_url: mail.unsubscribe_url,
  };
  return (await enqueueOwnEmail(db, site, { event_type: FRIEND_REMINDER_EVENT, subject_id: invite.recipient_id, to: payload.to, payload: JSON.stringify(payload) }, now)) !== 'exists';
}
