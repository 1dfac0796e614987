/**
 * The advocates: who brings the most, ranked by approved referrals and then referred revenue,
 * each a link to their page. A table on a desktop, cards on a phone (console.css).
 */
import type { AdvocatesResult, AdvocateSummary } from '../../contract/console-api';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { Email } from '../components/Email';
import { Link } from '../components/Link';
import { countInWords, revenueInWords } from '../insight-words';
import { currentSite } from '../session';
import { ShowMore } from '../components/ShowMore';
import { pagePath, usePagedList } from '../use-paged-list';

export function advocateHref(advocate: { id: string }): string {
  return `/advocates/${encodeURIComponent(advocate.id)}`;
}

export function AdvocatesPage() {
  const site = currentSite.value;
  const { load, reload, loadMore } = usePagedList<AdvocatesResult, AdvocateSummary>(
    site ? (cursor) => pagePath(`/sites/${encodeURIComponent(site.slug)}/advocates?limit=50`, cursor) : null,
    (result) => result.advocates,
    site?.slug ?? '',
  );

  if (!site) {
    return (
      <section class="page">
        <h1 class="page-title">Advocates</h1>
        <p class="empty">Your account may see no site yet. Ask an owner of this console to give you one.</p>
      </section>
    );
  }
  const ready = load.value.state === 'ready' ? load.value : null;

  return (
    <section class="page" aria-labelledby="advocates-title">
      <div class="page-header">
        <div>
          <h1 id="advocates-title" class="page-title" tabIndex={-1}>
            Advocates
          </h1>
          <p class="muted">Your customers who bring friends, the most approved referrals first, then the most referred revenue.</p>
        </div>
        <ExportCsvLink site={site.slug} table="advocates" what="the whole advocate ranking" />
      </div>
      {load.value.state === 'loading' && (
        <div class="panel panel-quiet" aria-busy="true">
          <p class="muted">Loading advocates…</p>
        </div>
      )}
      {load.value.state === 'error' && (
        <div class="panel" role="alert">
          <p class="alert alert-error">The advocates could not be loaded. {load.value.message}</p>
          <button type="button" class="button button-secondary" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {ready && ready.items.length === 0 && (
        <div class="panel empty">
          <p class="empty-title">No advocates yet.</p>
          <p class="muted">A customer becomes an advocate when they are offered a share link after a purchase; the ones whose friends buy rank here.</p>
        </div>
      )}
      {ready && ready.items.length > 0 && (
        <div class="panel panel-flush">
          <table class="queue ranking">
            <caption class="visually-hidden">Advocates, ranked</caption>
            <thead>
              <tr>
                <th scope="col" class="col-rank">
                  Rank
                </th>
                <th scope="col">Advocate</th>
                <th scope="col" class="col-number">
                  Approved
                </th>
                <th scope="col" class="col-number">
                  Referrals
                </th>
                <th scope="col" class="col-money">
                  Referred revenue
                </th>
              </tr>
            </thead>
            <tbody>
              {ready.items.map((advocate, index) => (
                <tr key={advocate.id} data-advocate={advocate.id}>
                  <td class="col-rank" data-label="Rank">
                    <span class="rank">{index + 1}</span>
                  </td>
                  <td data-label="Advocate">
                    <Link href={advocateHref(advocate)} class="person person-link">
                      {advocate.name && <span class="strong">{advocate.name}</span>}
                      {advocate.email ? <Email class="email" address={advocate.email} /> : !advocate.name && <span>Advocate {advocate.id}</span>}
                    </Link>
                  </td>
                  <td class="col-number" data-label="Approved">
                    {countInWords(advocate.approved_referrals)}
                  </td>
                  <td class="col-number" data-label="Referrals">
                    {countInWords(advocate.referrals)}
                  </td>
                  <td class="col-money" data-label="Referred revenue">
                    {revenueInWords(advocate.referred_revenue)}
                  </td>
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
