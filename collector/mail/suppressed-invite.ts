import type { DoneAction } from '../outbox/delivery-worker';
import { suppressEmail } from '../store/suppression.repository';
import type { InviteMailPayload } from './invite-mail';

/**
 * The done action of an invite mail: when the shop answered Check Unsubscribe with
 * "unsubscribed", the address goes on the site's suppression list in the transaction that
 * records the mail suppressed, so later shares flag it unsubscribed and the shop is not asked
 * about it again. An address already on the list stays as it was.
 */
export const suppressUnsubscribedRecipient: DoneAction = async (trx, message, result, now) => {
  if (result.outcome !== 'suppressed') return;
  const mail = JSON.parse(message.payload) as InviteMailPayload;
  await suppressEmail(trx, message.site_id, mail.to, 'check_unsubscribe', now);
};
