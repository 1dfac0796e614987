/**
 * The look-up: one search box for an email address, an order number, a coupon code or a short
 * code (or an offer's link), and everything about that person or order as one timeline, oldest
 * first. Every referral's explanation comes first, in words: the answer to "why did I not get my
 * reward?". The search is in the address (?q=), so a support person can send the link.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { LookupEntryKind, LookupResult } from '../../contract/console-api';
import { callApi } from '../api';
import { Email } from '../components/Email';
import { STATUS_WORDS, momentInWords } from '../insight-words';
import { currentQuery, navigate } from '../router';
import { currentSite } from '../session';

const KIND_WORDS: Record<LookupEntryKind, string> = {
  origin: 'Purchase',
  offer: 'Offer',
  share: 'Share',
  invite: 'Invite',
  claim: 'Claim click',
  referral: 'Referral',
  status_change: 'Status change',
  reward: 'Reward',
  webhook: 'Web hook',
};

const MATCH_WORDS: Record<string, string> = {
  email: 'the email address',
  order: 'the order',
  coupon: 'the coupon code',
  short_code: 'the short code',
};

type Load = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; result: LookupResult };

/** What a referral's status is, from its explanation's first word ("blocked: …"). */
function statusOf(explanation: string): string {
  return explanation.split(':')[0] ?? '';
}

export function LookupPage() {
  const site = currentSite.value;
  const q = (currentQuery.value.get('q') ?? '').trim();
  const typed = useSignal(q);
  const load = useSignal<Load>({ state: 'idle' });
  const reloads = useSignal(0);
  const results = useRef<HTMLHeadingElement>(null);
  const searched = useRef(false);

  useEffect(() => {
    typed.value = q;
    if (!site || !q) {
      load.value = { state: 'idle' };
      return;
    }
    let current = true;
    load.value = { state: 'loading' };
    callApi<LookupResult>('GET', `/sites/${encodeURIComponent(site.slug)}/lookup?q=${encodeURIComponent(q)}`).then(
      (result) => {
        if (!current) return;
        load.value = { state: 'ready', result };
        // After a search typed here, the keyboard and screen readers move on to its answer.
        if (searched.current) queueMicrotask(() => results.current?.focus());
        searched.current = false;
      },
      (error: unknown) => {
        if (current) load.value = { state: 'error', message: error instanceof Error ? error.message : String(error) };
      },
    );
    return () => {
      current = false;
    };
  }, [site?.slug, q, reloads.value]);

  if (!site) {
    return (
      <section class="page">
        <h1 class="page-title">Look-up</h1>
        <p class="empty">Your account may see no site yet. Ask an owner of this console to give you one.</p>
      </section>
    );
  }

  const search = (event: Event) => {
    event.preventDefault();
    const term = typed.value.trim();
    if (!term) return;
    searched.current = true;
    if (term === q) reloads.value += 1;
    else navigate(`/lookup?q=${encodeURIComponent(term)}`);
  };

  const ready = load.value.state === 'ready' ? load.value.result : null;

  return (
    <section class="page" aria-labelledby="lookup-title">
      <div class="page-header">
        <div>
          <h1 id="lookup-title" class="page-title" tabIndex={-1}>
            Look-up
          </h1>
          <p class="muted">Everything about one customer or order, and why a reward was or was not given.</p>
        </div>
      </div>

      <form class="panel search-form" role="search" onSubmit={search}>
        <label class="field search-field">
          <span class="field-label">Email, order number, coupon code or short code</span>
          <input
            class="input"
            type="search"
            name="q"
            value={typed.value}
            autoComplete="off"
            spellcheck={false}
            placeholder="bob@example.com, 1002, FRIEND-7Q2K…"
            onInput={(event) => (typed.value = (event.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="button button-primary">
          Look up
        </button>
      </form>

      {load.value.state === 'idle' && (
        <div class="panel empty">
          <p class="empty-title">Search for a customer or an order.</p>
          <p class="muted">A customer's email address shows everything of theirs; an order number, a coupon code or a short code shows that order or offer and the referral it made.</p>
        </div>
      )}
      {load.value.state === 'loading' && (
        <div class="panel panel-quiet" aria-busy="true">
          <p class="muted">Looking up {q}…</p>
        </div>
      )}
      {load.value.state === 'error' && (
        <div class="panel" role="alert">
          <p class="alert alert-error">The look-up could not be done. {load.value.message}</p>
          <button type="button" class="button button-secondary" onClick={() => (reloads.value += 1)}>
            Try again
          </button>
        </div>
      )}
      {ready && !ready.matched && (
        <div class="panel empty" data-lookup="none">
          <h2 class="empty-title" ref={results} tabIndex={-1}>
            Nothing matches “{ready.q}”.
          </h2>
          <p class="muted">
            Search for an email address, an order number your shop reported, a coupon code (a friend's offer coupon or a reward's), a short code, or an offer's link. Check its spelling, and
            that it belongs to {site.name}.
          </p>
        </div>
      )}
      {ready && ready.matched && (
        <>
          <div class="stack">
            <h2 class="section-title" ref={results} tabIndex={-1}>
              About {MATCH_WORDS[ready.matched.type] ?? ready.matched.type}{' '}
              {ready.matched.type === 'email' ? <Email address={ready.matched.value} /> : <span class="code">{ready.matched.value}</span>}
            </h2>
            {ready.referrals.length === 0 ? (
              <p class="muted">No referral yet: {ready.timeline.length} things happened, listed below.</p>
            ) : (
              <ul class="answers" aria-label="Referrals explained">
                {ready.referrals.map((referral) => (
                  <li key={referral.id} class={`answer answer-${statusOf(referral.explanation)}`} data-referral={referral.id}>
                    <span class={`status status-${referral.status}`}>{STATUS_WORDS[referral.status] ?? referral.status}</span>
                    <p class="answer-text">{referral.explanation}</p>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div class="panel">
            <h2 class="section-title">Timeline, oldest first</h2>
            <ol class="timeline">
              {ready.timeline.map((entry, index) => (
                <li key={index} class={`timeline-entry timeline-${entry.kind}`} data-kind={entry.kind}>
                  <span class="timeline-dot" aria-hidden="true" />
                  <div class="timeline-body">
                    <p class="timeline-meta">
                      <span class="badge">{KIND_WORDS[entry.kind] ?? entry.kind}</span>
                      <time dateTime={entry.at}>{momentInWords(entry.at)}</time>
                    </p>
                    <p class="timeline-summary">{entry.summary}</p>
                    {entry.explanation && <p class="explanation">{entry.explanation}</p>}
                  </div>
                </li>
              ))}
            </ol>
          </div>
        </>
      )}
    </section>
  );
}
