/**
 * The review queue: referrals that wait for a person (pending, or blocked by a rule), with who
 * referred whom, the order, how the friend came and why it waits. Approve, void or unblock one
 * at a time or a selection at once, each with an optional note. A table on a desktop; on a phone
 * the same rows stack as cards (console.css), so no button is ever cut off.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ConsoleApiError, callApi } from '../api';
import { Email } from '../components/Email';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { NoteDialog } from '../components/NoteDialog';
import { ACTIONS_OF_STATUS, ACTION_WORDS, amountInWords, attributionInWords, dateInWords, orderNumber, personLabel, personShort, refusalInWords, sentence } from '../review-words';
import { currentQuery, navigate } from '../router';
import { currentSite } from '../session';
import type { BulkReviewResult, ReviewAction, ReviewQueueReferral, ReviewQueueResult, ReviewStatus } from '../../contract/console-api';
import { ShowMore } from '../components/ShowMore';
import { pagePath, usePagedList } from '../use-paged-list';

const QUEUES: { status: ReviewStatus; label: string; empty: string; next: string }[] = [
  { status: 'pending', label: 'Pending', empty: 'No referrals waiting.', next: 'New ones appear here when a referred friend buys.' },
  {
    status: 'blocked',
    label: 'Blocked',
    empty: 'No blocked referrals.',
    next: 'A referral that a rule stops (a self-referral, too many from one network) appears here for you to unblock or void.',
  },
];

interface Pending {
  action: ReviewAction;
  referrals: ReviewQueueReferral[];
}

export function ReviewQueuePage() {
  const site = currentSite.value;
  const status: ReviewStatus = currentQuery.value.get('status') === 'blocked' ? 'blocked' : 'pending';
  const queue = QUEUES.find((entry) => entry.status === status)!;
  const selected = useSignal<ReadonlySet<string>>(new Set());
  const asking = useSignal<Pending | null>(null);
  const notice = useSignal<{ tone: 'success' | 'error'; text: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const { load, reload, loadMore, update } = usePagedList<ReviewQueueResult, ReviewQueueReferral>(
    site ? (cursor) => pagePath(`/sites/${encodeURIComponent(site.slug)}/review-queue?status=${status}&limit=50`, cursor) : null,
    (result) => result.referrals,
    `${site?.slug ?? ''} ${status}`,
  );
  // A new list (another site or queue) starts with nothing selected.
  useEffect(() => {
    selected.value = new Set();
  }, [site?.slug, status]);

  /** Takes the referrals that moved out of this queue off the screen. */
  const removeRows = (ids: string[]) => {
    const gone = new Set(ids);
    update((referrals) => referrals.filter((referral) => !gone.has(referral.id)));
    selected.value = new Set([...selected.value].filter((id) => !gone.has(id)));
  };

  const perform = async ({ action, referrals }: Pending, note: string) => {
    const base = `/sites/${encodeURIComponent(site!.slug)}/referrals`;
    const body = note ? { note } : {};
    const words = ACTION_WORDS[action];
    if (referrals.length === 1) {
      const [referral] = referrals as [ReviewQueueReferral];
      try {
        await callApi('POST', `${base}/${encodeURIComponent(referral.id)}/${action}`, body);
      } catch (error) {
        if (error instanceof ConsoleApiError && error.status === 409) throw new Error(`This referral could not be ${words.past}: ${refusalInWords(error.code)}.`);
        throw error;
      }
      removeRows([referral.id]);
      notice.value = { tone: 'success', text: `Referral of ${personShort(referral.friend)} ${words.past}.` };
      return;
    }
    const { results } = await callApi<BulkReviewResult>('POST', `${base}/bulk`, { action, ids: referrals.map((referral) => referral.id), ...body });
    const done = results.filter((result) => result.ok).map((result) => result.id);
    const failed = results.filter((result) => !result.ok);
    removeRows(done);
    notice.value = failed.length
      ? { tone: 'error', text: `${done.length} ${words.past}; ${failed.length} could not be: ${[...new Set(failed.map((result) => refusalInWords(result.code)))].join(', ')}.` }
      : { tone: 'success', text: `${done.length} referrals ${words.past}.` };
  };

  if (!site) {
    return (
      <section class="page">
        <h1 class="page-title">Review queue</h1>
        <p class="empty">Your account may see no site yet. Ask an owner of this console to give you one.</p>
      </section>
    );
  }

  const ready = load.value.state === 'ready' ? load.value : null;
  const rows = ready?.items ?? [];
  const chosen = rows.filter((referral) => selected.value.has(referral.id));
  const allChosen = rows.length > 0 && chosen.length === rows.length;
  const actions = ACTIONS_OF_STATUS[status] ?? [];
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected.value);
    if (on) next.add(id);
    else next.delete(id);
    selected.value = next;
  };

  return (
    <section class="page" aria-labelledby="queue-title">
      <div class="page-header">
        <div>
          <h1 id="queue-title" class="page-title" ref={heading} tabIndex={-1}>
            Review queue
          </h1>
          <p class="muted">Referrals that wait for you before the advocate is rewarded.</p>
        </div>
        <div class="page-tools">
          <div class="segmented" role="group" aria-label="Which referrals">
            {QUEUES.map((entry) => (
              <button
                key={entry.status}
                type="button"
                class="segment"
                aria-pressed={entry.status === status}
                onClick={() => {
                  notice.value = null;
                  navigate(entry.status === 'pending' ? '/review' : `/review?status=${entry.status}`);
                }}
              >
                {entry.label}
              </button>
            ))}
          </div>
          <ExportCsvLink site={site.slug} table="referrals" filters={{ status }} what={`every ${status} referral`} />
        </div>
      </div>

      <div class="live" role="status" aria-live="polite">
        {notice.value && <p class={`alert ${notice.value.tone === 'success' ? 'alert-success' : 'alert-error'}`}>{notice.value.text}</p>}
      </div>

      {load.value.state === 'loading' && (
        <div class="panel panel-quiet" aria-busy="true">
          <p class="muted">Loading referrals…</p>
        </div>
      )}
      {load.value.state === 'error' && (
        <div class="panel" role="alert">
          <p class="alert alert-error">The review queue could not be loaded. {load.value.message}</p>
          <button type="button" class="button button-secondary" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {ready && rows.length === 0 && (
        <div class="panel empty">
          <p class="empty-title">{queue.empty}</p>
          <p class="muted">{queue.next}</p>
        </div>
      )}
      {ready && rows.length > 0 && (
        <div class="panel panel-flush">
          <div class="bulkbar" aria-label="Selected referrals" role="group">
            <label class="check">
              <input
                type="checkbox"
                checked={allChosen}
                indeterminate={chosen.length > 0 && !allChosen}
                onChange={(event) => (selected.value = (event.target as HTMLInputElement).checked ? new Set(rows.map((referral) => referral.id)) : new Set())}
              />
              <span>{chosen.length ? `${chosen.length} selected` : 'Select all'}</span>
            </label>
            {chosen.length > 0 && (
              <div class="bulk-actions">
                {actions.map((action) => (
                  <button
                    key={action}
                    type="button"
                    class={`button button-small ${ACTION_WORDS[action].tone === 'danger' ? 'button-danger-outline' : 'button-primary'}`}
                    onClick={() => (asking.value = { action, referrals: chosen })}
                  >
                    {ACTION_WORDS[action].verb} {chosen.length}
                  </button>
                ))}
              </div>
            )}
          </div>
          <table class="queue">
            <caption class="visually-hidden">{queue.label} referrals</caption>
            <thead>
              <tr>
                <th scope="col" class="col-select">
                  <span class="visually-hidden">Select</span>
                </th>
                <th scope="col" class="col-advocate">
                  Advocate
                </th>
                <th scope="col" class="col-friend">
                  Friend
                </th>
                <th scope="col" class="col-order">
                  Order
                </th>
                <th scope="col">Why it waits</th>
                <th scope="col" class="col-actions">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((referral) => (
                <tr key={referral.id} data-referral={referral.id}>
                  <td class="col-select">
                    <input
                      type="checkbox"
                      aria-label={`Select the referral of ${personShort(referral.friend)} by ${personShort(referral.advocate)}`}
                      checked={selected.value.has(referral.id)}
                      onChange={(event) => toggle(referral.id, (event.target as HTMLInputElement).checked)}
                    />
                  </td>
                  <td data-label="Advocate">
                    <Person person={referral.advocate} />
                  </td>
                  <td data-label="Friend">
                    <Person person={referral.friend} />
                  </td>
                  <td data-label="Order">
                    <div class="cell">
                      <span class="strong amount">{amountInWords(referral.order)}</span>
                      {orderNumber(referral.order) && <span class="sub">{orderNumber(referral.order)}</span>}
                      <span class="badge" title="How the friend came">
                        {attributionInWords(referral.attribution)}
                      </span>
                    </div>
                  </td>
                  <td data-label="Why it waits">
                    <div class="cell">
                      <span>{sentence(referral.waiting_reason)}</span>
                      {referral.blocked_reason && !referral.waiting_reason.includes(referral.blocked_reason) && <span class="sub">{sentence(referral.blocked_reason)}</span>}
                      <span class="sub">since {dateInWords(referral.created_at)}</span>
                    </div>
                  </td>
                  <td class="col-actions">
                    <div class="row-actions">
                      {actions.map((action) => (
                        <button
                          key={action}
                          type="button"
                          class={`button button-small ${ACTION_WORDS[action].tone === 'danger' ? 'button-danger-outline' : 'button-primary'}`}
                          aria-label={`${ACTION_WORDS[action].verb} the referral of ${personShort(referral.friend)}`}
                          onClick={() => (asking.value = { action, referrals: [referral] })}
                        >
                          {ACTION_WORDS[action].verb}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ShowMore nextCursor={ready.nextCursor} loading={ready.loadingMore} error={ready.moreError} onMore={() => void loadMore()} />
        </div>
      )}

      {asking.value && (
        <NoteDialog
          title={
            asking.value.referrals.length === 1
              ? `${ACTION_WORDS[asking.value.action].verb} this referral?`
              : `${ACTION_WORDS[asking.value.action].verb} ${asking.value.referrals.length} referrals?`
          }
          confirmLabel={asking.value.referrals.length === 1 ? ACTION_WORDS[asking.value.action].verb : `${ACTION_WORDS[asking.value.action].verb} ${asking.value.referrals.length}`}
          tone={ACTION_WORDS[asking.value.action].tone}
          onConfirm={(note) => perform(asking.value!, note)}
          onClose={(confirmed) => {
            asking.value = null;
            // The row (and its button) is gone: the heading keeps the keyboard on the page.
            if (confirmed) queueMicrotask(() => heading.current?.focus());
          }}
        >
          <ActionSummary pending={asking.value} />
        </NoteDialog>
      )}
    </section>
  );
}

function Person(props: { person: ReviewQueueReferral['advocate'] }) {
  const { name, email } = props.person;
  return (
    <span class="person">
      {name && <span class="strong">{name}</span>}
      {email && <Email class="email" address={email} />}
      {!name && !email && <span class="muted">Nobody yet</span>}
    </span>
  );
}

function ActionSummary(props: { pending: Pending }) {
  const { action, referrals } = props.pending;
  const consequence =
    action === 'approve'
      ? 'The advocate is rewarded and your shop hears of it by web hook.'
      : action === 'void'
        ? `Nobody is rewarded for ${referrals.length === 1 ? 'this purchase' : 'these purchases'}. This cannot be undone.`
        : 'It goes back to waiting for approval.';
  if (referrals.length === 1) {
    const [referral] = referrals as [ReviewQueueReferral];
    return (
      <p>
        {personLabel(referral.advocate)} referred {personLabel(referral.friend)}
        {referral.order?.number ? `, order #${referral.order.number} (${amountInWords(referral.order)})` : ''}. {consequence}
      </p>
    );
  }
  return (
    <p>
      {referrals.length} selected referrals. {consequence}
    </p>
  );
}
