/**
 * Email: invites sent per day over the last 30 days, and the suppression list (addresses that
 * asked for no more invites), searchable; owners take an address off it when its owner asks.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { EmailResult } from '../../contract/console-api';
import { callApi } from '../api';
import { Email } from '../components/Email';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { LoadState } from '../components/LoadState';
import { NoteDialog } from '../components/NoteDialog';
import { currentSite, session } from '../session';
import { sitePath, useSiteLoad } from '../use-site-load';

const REASONS: Record<string, string> = {
  unsubscribe_link: 'Unsubscribe link',
  list_unsubscribe: "Mail client's unsubscribe",
  check_unsubscribe: 'Your shop said so (Check Unsubscribe)',
};

type Suppression = EmailResult['suppressions'][number];

export function EmailPage() {
  const search = useSignal('');
  const extra = useSignal<{ rows: Suppression[]; next: string | null } | null>(null);
  const removing = useSignal<Suppression | null>(null);
  const notice = useSignal<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const query = search.value ? `?search=${encodeURIComponent(search.value)}` : '';
  const { load, reload } = useSiteLoad<EmailResult>((site) => sitePath(site, `/email${query}`), search.value);
  const state = session.value;
  const owner = !!state && state !== 'unknown' && state.user.role === 'owner';
  const ready = load.value.state === 'ready' ? load.value.result : null;
  const rows = ready ? [...ready.suppressions, ...(extra.value?.rows ?? [])] : [];
  const next = extra.value ? extra.value.next : (ready?.next_cursor ?? null);
  const total = ready ? ready.invites_per_day.reduce((sum, day) => sum + day.sent, 0) : 0;
  const ownTotal = ready ? ready.own_emails_per_day.reduce((sum, day) => sum + day.written, 0) : 0;

  const showMore = async () => {
    const site = currentSite.value?.slug;
    if (!site || !next) return;
    const more = await callApi<EmailResult>('GET', sitePath(site, `/email?cursor=${encodeURIComponent(next)}${search.value ? `&search=${encodeURIComponent(search.value)}` : ''}`));
    extra.value = { rows: [...(extra.value?.rows ?? []), ...more.suppressions], next: more.next_cursor };
  };

  return (
    <section class="page" aria-labelledby="email-title">
      <div class="page-header">
        <div>
          <h1 id="email-title" class="page-title">
            Email
          </h1>
          <p class="muted">The invites advocates sent from the share widget, and who asked for no more.</p>
        </div>
      </div>
      <div class="live" role="status" aria-live="polite">
        {notice.value && <p class="alert alert-success">{notice.value}</p>}
      </div>
      <LoadState load={load.value} what="email figures" onRetry={reload} />
      {ready && (
        <div class="email-grid">
          <div class="panel panel-flush invites">
            <h2 class="section-title panel-title">
              Invites, last 30 days <span class="muted">({total} in all)</span>
            </h2>
            <div class="scroll-region" role="region" aria-label="Invites per day, scrolls" tabIndex={0}>
              <table class="attempts per-day">
                <caption class="visually-hidden">Invites written and delivered per day, last 30 days</caption>
                <thead>
                  <tr>
                    <th scope="col">Day (UTC)</th>
                    <th scope="col" class="number">Sent</th>
                    <th scope="col" class="number">Delivered</th>
                  </tr>
                </thead>
                <tbody>
                  {[...ready.invites_per_day].reverse().map((day) => (
                    <tr key={day.day} class={day.sent === 0 ? 'quiet' : undefined}>
                      <td>
                        <time dateTime={day.day}>{new Date(`${day.day}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })}</time>
                      </td>
                      <td class="number">{day.sent}</td>
                      <td class="number">{day.delivered}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div class="panel panel-flush invites own-emails">
            <h2 class="section-title panel-title">
              Vouch&rsquo;s own emails, last 30 days <span class="muted">({ownTotal} in all)</span>
            </h2>
            <p class="muted panel-note">Reward notices, reminders, advocate invites and friend coupons. Skipped: not sent because a daily cap was reached.</p>
            <div class="scroll-region" role="region" aria-label="Vouch's own emails per day, scrolls" tabIndex={0}>
              <table class="attempts per-day">
                <caption class="visually-hidden">Vouch's own emails written, delivered and skipped per day, last 30 days</caption>
                <thead>
                  <tr>
                    <th scope="col">Day (UTC)</th>
                    <th scope="col" class="number">Written</th>
                    <th scope="col" class="number">Delivered</th>
                    <th scope="col" class="number">Skipped</th>
                  </tr>
                </thead>
                <tbody>
                  {[...ready.own_emails_per_day].reverse().map((day) => (
                    <tr key={day.day} class={day.written === 0 ? 'quiet' : undefined}>
                      <td>
                        <time dateTime={day.day}>{new Date(`${day.day}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })}</time>
                      </td>
                      <td class="number">{day.written}</td>
                      <td class="number">{day.delivered}</td>
                      <td class="number">{day.skipped}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div class="suppressions">
            <div class="page-header">
              <h2 class="section-title">Suppression list</h2>
              {currentSite.value && <ExportCsvLink site={currentSite.value.slug} table="suppression-list" filters={{ search: search.value }} what={search.value ? `the suppressed addresses containing ${search.value}` : 'the whole suppression list'} />}
            </div>
            <form
              class="search"
              role="search"
              onSubmit={(event) => {
                event.preventDefault();
                extra.value = null;
                search.value = input.current!.value.trim();
              }}
            >
              <label class="field">
                <span class="field-label">Search by address</span>
                <input ref={input} class="input" type="search" name="search" defaultValue={search.value} />
              </label>
              <button type="submit" class="button button-secondary">
                Search
              </button>
            </form>
            {rows.length === 0 ? (
              <div class="panel empty">
                <p class="empty-title">{search.value ? `No suppressed address contains “${search.value}”.` : 'Nobody asked for no more invites.'}</p>
                <p class="muted">An address lands here when its owner follows an invite's unsubscribe link.</p>
              </div>
            ) : (
              <div class="panel panel-flush">
                <table class="queue suppression-list">
                  <caption class="visually-hidden">Suppressed addresses, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Address</th>
                      <th scope="col">Since</th>
                      {owner && (
                        <th scope="col" class="col-actions">
                          <span class="visually-hidden">Actions</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.id} data-suppression={row.email}>
                        <td data-label="Address">
                          <div class="cell">
                            <Email class="strong" address={row.email} />
                            <span class="sub">{REASONS[row.reason] ?? row.reason}</span>
                          </div>
                        </td>
                        <td data-label="Since">
                          <time dateTime={row.created_at}>{new Date(row.created_at).toLocaleDateString(undefined, { dateStyle: 'medium' })}</time>
                        </td>
                        {owner && (
                          <td class="col-actions">
                            <button type="button" class="button button-small button-danger-outline" aria-label={`Remove ${row.email}`} onClick={() => (removing.value = row)}>
                              Remove
                            </button>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
                {next && (
                  <div class="panel-footer">
                    <button type="button" class="button button-secondary" onClick={() => void showMore()}>
                      Show more
                    </button>
                  </div>
                )}
              </div>
            )}
          </div>
        </div>
      )}
      {removing.value && (
        <NoteDialog
          title={`Remove ${removing.value.email}?`}
          confirmLabel="Remove"
          tone="danger"
          onConfirm={async (note) => {
            const row = removing.value!;
            await callApi('DELETE', sitePath(currentSite.value!.slug, `/suppressions/${row.id}`), note ? { note } : {});
            notice.value = `${row.email} can be invited again.`;
            extra.value = null;
            reload();
          }}
          onClose={() => (removing.value = null)}
        >
          <p>Do this only when the person asked to get invites again. Advocates can then invite this address; the note goes to the audit log.</p>
        </NoteDialog>
      )}
    </section>
  );
}
