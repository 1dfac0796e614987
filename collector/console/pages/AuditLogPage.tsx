/**
 * The audit log (owners): every merchant action, newest first — who, when, what, on which site
 * and referral or user, and the note they left.
 */
import type { AuditEntry, AuditResult } from '../../contract/console-api';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { Email } from '../components/Email';
import { session } from '../session';
import { ShowMore } from '../components/ShowMore';
import { pagePath, usePagedList } from '../use-paged-list';

const ACTIONS: Record<string, string> = {
  'referral.approve': 'Approved a referral',
  'referral.void': 'Voided a referral',
  'referral.unblock': 'Unblocked a referral',
  'user.add': 'Added a user',
  'user.update': 'Changed a user',
  'user.remove': 'Removed a user',
  'user.password_link': 'Made a set-password link',
  'user.password_set': 'Set a password',
  'user.sign_out_everywhere': 'Signed out everywhere',
  'export.referrals': 'Exported referrals (CSV)',
  'export.webhook_deliveries': 'Exported web hook deliveries (CSV)',
  'export.advocates': 'Exported the advocate ranking (CSV)',
  'export.suppression_list': 'Exported the suppression list (CSV)',
  'export.coupons': 'Exported coupon codes (CSV)',
  'export.audit_log': 'Exported the audit log (CSV)',
  'export.users': 'Exported the console users (CSV)',
  'coupon.upload': 'Added coupon codes',
  'webhook.redeliver': 'Redelivered a web hook',
  'webhook.sample': 'Delivered a sample web hook',
  'suppression.remove': 'Took an address off the suppression list',
  'person.anonymize': "Anonymized a person (the subject is their address's hash)",
};

export function AuditLogPage() {
  const { load, reload, loadMore } = usePagedList<AuditResult, AuditEntry>((cursor) => pagePath('/audit', cursor), (result) => result.entries, 'audit');
  const state = session.value;
  const sites = state && state !== 'unknown' ? state.sites : [];
  const siteName = (slug: string | null) => (slug === null ? '—' : (sites.find((site) => site.slug === slug)?.name ?? slug));

  const ready = load.value.state === 'ready' ? load.value : null;
  return (
    <section class="page" aria-labelledby="audit-title">
      <div class="page-header">
        <div>
          <h1 id="audit-title" class="page-title">
            Audit log
          </h1>
          <p class="muted">Every approval, void, unblock and user change, with who made it and their note.</p>
        </div>
        <ExportCsvLink table="audit-log" what="the whole audit log, every site" />
      </div>
      {load.value.state === 'loading' && (
        <div class="panel panel-quiet" aria-busy="true">
          <p class="muted">Loading the audit log…</p>
        </div>
      )}
      {load.value.state === 'error' && (
        <div class="panel" role="alert">
          <p class="alert alert-error">The audit log could not be loaded. {load.value.message}</p>
          <button type="button" class="button button-secondary" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {ready && ready.items.length === 0 && (
        <div class="panel empty">
          <p class="empty-title">Nothing recorded yet.</p>
          <p class="muted">Approvals, voids and user changes appear here as they happen.</p>
        </div>
      )}
      {ready && ready.items.length > 0 && (
        <div class="panel panel-flush">
          <table class="queue audit">
            <caption class="visually-hidden">Audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col" class="col-when">
                  When
                </th>
                <th scope="col" class="col-who">
                  Who
                </th>
                <th scope="col">What</th>
                {sites.length > 1 && <th scope="col">Site</th>}
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {ready.items.map((entry) => (
                <tr key={entry.id} data-audit={entry.id}>
                  <td data-label="When">
                    <time dateTime={entry.at}>{new Date(entry.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>
                  </td>
                  <td data-label="Who">
                    <Email class="email" address={entry.actor.email} />
                  </td>
                  <td data-label="What">
                    <div class="cell">
                      <span>{ACTIONS[entry.action] ?? entry.action}</span>
                      {entry.subject && <span class="sub">{entry.subject}</span>}
                    </div>
                  </td>
                  {sites.length > 1 && <td data-label="Site">{siteName(entry.site)}</td>}
                  <td data-label="Note">{entry.note ?? <span class="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ShowMore nextCursor={ready.nextCursor} loading={ready.loadingMore} error={ready.moreError} onMore={() => void loadMore()} />
        </div>
      )}
    </section>
  );
}
