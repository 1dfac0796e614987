import type { Kysely } from 'kysely';
import { insertAuditEntry } from '../store/audit-log.repository';
import type { AuditLogRow, Database } from '../store/tables';

/**
 * Who did a merchant action: a console user, or the operator at the command line or through the
 * start-up environment (no user then; the email says which).
 */
export interface Actor {
  userId: string | null;
  email: string;
}

/** The actor of `npm run vouch -- users …`. */
export const COMMAND_LINE_ACTOR: Actor = { userId: null, email: 'command line' };
/** The actor of an API call made with a site's secret key (the merchant's server): Talkable's anonymize. */
export const SECRET_KEY_ACTOR: Actor = { userId: null, email: 'API (secret key)' };
/** The actor of the VOUCH_ADMIN_EMAIL / VOUCH_ADMIN_PASSWORD bootstrap at start. */
export const BOOTSTRAP_ACTOR: Actor = { userId: null, email: 'VOUCH_ADMIN_EMAIL at start' };

export type AuditAction =
  | 'referral.approve'
  | 'referral.void'
  | 'referral.unblock'
  | 'user.add'
  | 'user.update'
  | 'user.remove'
  | 'user.password_link'
  | 'user.password_set'
  | 'user.sign_out_everywhere'
  | 'export.referrals'
  | 'export.webhook_deliveries'
  | 'export.advocates'
  | 'export.suppression_list'
  | 'export.coupons'
  | 'export.audit_log'
  | 'export.users'
  | 'coupon.upload'
  | 'webhook.redeliver'
  | 'webhook.sample'
  | 'suppression.remove'
  | 'person.anonymize';

/**
 * Writes what a merchant did to the audit log. Called inside the transaction of the change
 * itself, so there is never a change without its entry, nor an entry for a change rolled back.
 */
export async function recordAudit(
  trx: Kysely<Database>,
  entry: { actor: Actor; action: AuditAction; siteId?: string | null; subject?: string | null; note?: string | null; detail?: Record<string, unknown> },
  now: Date,
): Promise<AuditLogRow> {
  return insertAuditEntry(trx, {
    at: now.toISOString(),
    actor_user_id: entry.actor.userId,
    actor_email: entry.actor.email,
    action: entry.action,
    site_id: entry.siteId ?? null,
    subject: entry.subject ?? null,
    note: entry.note?.trim() || null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}
