/**
 * One advocate: who they are, their referrals per status, their offers with the links they share,
 * the rewards they were given (and any reversed), and their newest referrals, each explained.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { AdvocateResult } from '../../contract/console-api';
import { ConsoleApiError, callApi } from '../api';
import { Email } from '../components/Email';
import { Link } from '../components/Link';
import { STATUS_WORDS, channelInWords, countInWords, dayInWords, revenueInWords } from '../insight-words';
import { dateInWords } from '../review-words';
import { currentSite } from '../session';

type Load = { state: 'loading' } | { state: 'missing' } | { state: 'error'; message: string } | { state: 'ready'; advocate: AdvocateResult };

const COUNTED = ['approved', 'pending', 'flagged', 'blocked', 'voided'] as const;

export function AdvocatePage(props: { advocate: string }) {
  const site = currentSite.value;
  const load = useSignal<Load>({ state: 'loading' });
  const reloads = useSignal(0);

  useEffect(() => {
    if (!site) return;
    let current = true;
    load.value = { state: 'loading' };
    callApi<AdvocateResult>('GET', `/sites/${encodeURIComponent(site.slug)}/advocates/${encodeURIComponent(props.advocate)}`).then(
      (advocate) => {
        if (current) load.value = { state: 'ready', advocate };
      },
      (error: unknown) => {
        if (!current) return;
        load.value = error instanceof ConsoleApiError && error.status === 404 ? { state: 'missing' } : { state: 'error', message: error instanceof Error ? error.message : String(error) };
      },
    );
    return () => {
      current = false;
    };
  }, [site?.slug, props.advocate, reloads.value]);

  const ready = load.value.state === 'ready' ? load.value.advocate : null;
  const who = ready ? (ready.advocate.name ?? ready.advocate.email ?? `Advocate ${ready.advocate.id}`) : 'Advocate';

  return (
    <section class="page" aria-labelledby="advocate-title">
      <p class="breadcrumb">
        <Link href="/advocates">← All advocates</Link>
      </p>
      <div class="page-header">
        <div class="page-heading">
          <h1 id="advocate-title" class="page-title" tabIndex={-1}>
            {who}
          </h1>
          {ready?.advocate.email && ready.advocate.name && (
            <p class="muted">
              <Email address={ready.advocate.email} />
            </p>
          )}
          {ready && <p class="muted small">Advocate since {dateInWords(ready.advocate.created_at)}</p>}
        </div>
        {ready?.advocate.email && (
          <Link href={`/lookup?q=${encodeURIComponent(ready.advocate.email)}`} class="button button-secondary button-small">
            Their whole timeline
          </Link>
        )}
      </div>
      {load.value.state === 'loading' && (
        <div class="panel panel-quiet" aria-busy="true">
          <p class="muted">Loading the advocate…</p>
        </div>
      )}
      {load.value.state === 'missing' && (
        <div class="panel empty">
          <p class="empty-title">No advocate of {site?.name ?? 'this site'} has this address or id.</p>
          <p class="muted">Find them in the ranking of all advocates, or search for their email in the look-up.</p>
        </div>
      )}
      {load.value.state === 'error' && (
        <div class="panel" role="alert">
          <p class="alert alert-error">The advocate could not be loaded. {load.value.message}</p>
          <button type="button" class="button button-secondary" onClick={() => (reloads.value += 1)}>
            Try again
          </button>
        </div>
      )}
      {ready && (
        <>
          <ul class="stat-grid" aria-label="Referrals per status">
            <li class="stat" data-stat="Referrals">
              <p class="stat-label">Referrals</p>
              <p class="stat-value">{countInWords(ready.counts.total)}</p>
            </li>
            {COUNTED.map((status) => (
              <li key={status} class="stat" data-stat={STATUS_WORDS[status]}>
                <p class="stat-label">{STATUS_WORDS[status]}</p>
                <p class="stat-value">{countInWords(ready.counts[status])}</p>
              </li>
            ))}
          </ul>

          <div class="panel">
            <h2 class="section-title">Their links</h2>
            {ready.offers.length === 0 ? (
              <p class="muted">No offer yet.</p>
            ) : (
              <ul class="offer-list">
                {ready.offers.map((offer) => (
                  <li key={offer.id} class="offer">
                    <p>
                      Offer of {dateInWords(offer.created_at)}: short code <span class="code">{offer.short_url_code}</span>, friend coupon <span class="code">{offer.friend_coupon_code}</span>
                    </p>
                    {offer.links.length > 0 && (
                      <ul class="chips" aria-label="Links per channel">
                        {offer.links.map((link) => (
                          <li key={link.code} class="chip">
                            {channelInWords(link.channel)} <span class="code">{link.code}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>

          <div class="panel">
            <h2 class="section-title">Rewards</h2>
            {ready.rewards.length === 0 ? (
              <p class="muted">No reward yet: one is given when a referral of theirs is approved.</p>
            ) : (
              <ul class="plain-list">
                {ready.rewards.map((reward) => (
                  <li key={reward.id} data-reward={reward.id}>
                    <span class="strong">{reward.description || (reward.amount === null ? reward.incentive : revenueInWords(reward.amount))}</span>
                    {reward.coupon_code && (
                      <>
                        {' '}
                        — coupon <span class="code">{reward.coupon_code}</span>
                      </>
                    )}
                    <span class="sub">
                      {dayInWords(reward.created_at.slice(0, 10), true)}
                      {reward.reversed_at ? `, reversed ${dayInWords(reward.reversed_at.slice(0, 10), true)}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>

          <div class="panel panel-flush">
            <h2 class="section-title panel-heading">Newest referrals</h2>
            {ready.referrals.length === 0 ? (
              <p class="muted panel-heading">None yet.</p>
            ) : (
              <table class="queue advocate-referrals">
                <caption class="visually-hidden">Their newest referrals</caption>
                <thead>
                  <tr>
                    <th scope="col" class="col-friend">
                      Friend
                    </th>
                    <th scope="col" class="col-order">
                      Order
                    </th>
                    <th scope="col">Status and why</th>
                  </tr>
                </thead>
                <tbody>
                  {ready.referrals.map((referral) => (
                    <tr key={referral.id} data-referral={referral.id}>
                      <td data-label="Friend">{referral.friend_email ? <Email class="email" address={referral.friend_email} /> : <span class="muted">Nobody yet</span>}</td>
                      <td data-label="Order">
                        <div class="cell">
                          {referral.subtotal !== null && <span class="strong amount">{revenueInWords(referral.subtotal)}</span>}
                          {referral.order_number && <span class="sub">#{referral.order_number}</span>}
                          <span class="sub">{dateInWords(referral.created_at)}</span>
                        </div>
                      </td>
                      <td data-label="Status">
                        <div class="cell">
                          <span class={`status status-${referral.status}`}>{STATUS_WORDS[referral.status] ?? referral.status}</span>
                          <span>{referral.explanation}</span>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
    </section>
  );
}
