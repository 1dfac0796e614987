/**
 * The overview: how the programme did over a period (the last 7, 30 or 90 days, or from–to):
 * the funnel as cards (offers, shares, claim clicks, friend purchases, referrals by status,
 * referred revenue and its share of all revenue), a chart per day, the same numbers as a table,
 * and the funnel per share channel. The period is in the address, so a link shows the same view.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { OverviewChannelFigures, OverviewFigures, OverviewResult } from '../../contract/console-api';
import { callApi } from '../api';
import { BarChart, type ChartSeries } from '../components/BarChart';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { channelInWords, countInWords, dayInWords, revenueInWords, shareInWords } from '../insight-words';
import { currentQuery, navigate } from '../router';
import { currentSite } from '../session';

const PRESETS = [7, 30, 90] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day `days` before today ("2026-11-24"). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The period the address asks for: ?days=7|30|90 (30 when nothing is asked), or ?from=&to=. */
function periodOf(query: URLSearchParams): { preset: number | null; from: string; to: string } {
  const from = query.get('from');
  const to = query.get('to');
  if (from && DAY.test(from)) return { preset: null, from, to: to && DAY.test(to) ? to : daysAgo(0) };
  const asked = Number(query.get('days'));
  const preset = (PRESETS as readonly number[]).includes(asked) ? asked : 30;
  return { preset, from: daysAgo(preset - 1), to: daysAgo(0) };
}

type Metric = 'referrals' | 'claim_clicks' | 'friend_purchases' | 'referred_revenue';
const METRICS: { key: Metric; label: string }[] = [
  { key: 'referrals', label: 'Referrals' },
  { key: 'claim_clicks', label: 'Claim clicks' },
  { key: 'friend_purchases', label: 'Friend purchases' },
  { key: 'referred_revenue', label: 'Referred revenue' },
];

const STATUSES = [
  { key: 'approved', label: 'Approved', className: 'chart-series-1' },
  { key: 'pending', label: 'Pending', className: 'chart-series-2' },
  { key: 'flagged', label: 'Flagged', className: 'chart-series-5' },
  { key: 'blocked', label: 'Blocked', className: 'chart-series-3' },
  { key: 'voided', label: 'Voided', className: 'chart-series-4' },
] as const;

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; overview: OverviewResult };

const referralCount = (figures: Pick<OverviewFigures, 'referrals'>) => STATUSES.reduce((sum, status) => sum + figures.referrals[status.key], 0);

export function OverviewPage() {
  const site = currentSite.value;
  const period = periodOf(currentQuery.value);
  const load = useSignal<Load>({ state: 'loading' });
  const reloads = useSignal(0);
  const metric = useSignal<Metric>('referrals');
  const custom = useSignal(period.preset === null);
  const customFrom = useSignal(period.from);
  const customTo = useSignal(period.to);
  const customError = useSignal<string | null>(null);

  useEffect(() => {
    if (!site) return;
    let current = true;
    load.value = { state: 'loading' };
    callApi<OverviewResult>('GET', `/sites/${encodeURIComponent(site.slug)}/overview?from=${period.from}&to=${period.to}`).then(
      (overview) => {
        if (current) load.value = { state: 'ready', overview };
      },
      (error: unknown) => {
        if (current) load.value = { state: 'error', message: error instanceof Error ? error.message : String(error) };
      },
    );
    return () => {
      current = false;
    };
  }, [site?.slug, period.from, period.to, reloads.value]);

  if (!site) {
    return (
      <section class="page">
        <h1 class="page-title">Overview</h1>
        <p class="empty">Your account may see no site yet. Ask an owner of this console to give you one.</p>
      </section>
    );
  }

  const showCustom = (event: Event) => {
    event.preventDefault();
    if (!DAY.test(customFrom.value) || !DAY.test(customTo.value)) {
      customError.value = 'Choose both days.';
      return;
    }
    if (customFrom.value > customTo.value) {
      customError.value = 'The first day comes after the last one.';
      return;
    }
    customError.value = null;
    navigate(`/overview?from=${customFrom.value}&to=${customTo.value}`);
  };

  const ready = load.value.state === 'ready' ? load.value.overview : null;
  const periodWords = `${dayInWords(period.from, true)} – ${dayInWords(period.to, true)}`;

  return (
    <section class="page" aria-labelledby="overview-title">
      <div class="page-header">
        <div>
          <h1 id="overview-title" class="page-title" tabIndex={-1}>
            Overview
          </h1>
          <p class="muted">
            How your referral programme did, {periodWords} (UTC days).
          </p>
        </div>
        <div class="segmented period-picker" role="group" aria-label="Period">
          {PRESETS.map((days) => (
            <button
              key={days}
              type="button"
              class="segment"
              aria-pressed={!custom.value && period.preset === days}
              onClick={() => {
                custom.value = false;
                navigate(days === 30 ? '/overview' : `/overview?days=${days}`);
              }}
            >
              {days} days
            </button>
          ))}
          <button type="button" class="segment" aria-pressed={custom.value} aria-expanded={custom.value} aria-controls="custom-period" onClick={() => (custom.value = !custom.value)}>
            Custom
          </button>
        </div>
      </div>

      {custom.value && (
        <form id="custom-period" class="panel period-form" onSubmit={showCustom} aria-label="Custom period">
          <label class="field">
            <span class="field-label">From</span>
            <input class="input input-compact" type="date" value={customFrom.value} max={daysAgo(0)} onInput={(event) => (customFrom.value = (event.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span class="field-label">To</span>
            <input class="input input-compact" type="date" value={customTo.value} max={daysAgo(0)} onInput={(event) => (customTo.value = (event.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="button button-primary">
            Show
          </button>
          {customError.value && (
            <p class="alert alert-error" role="alert">
              {customError.value}
            </p>
          )}
        </form>
      )}

      {load.value.state === 'loading' && (
        <div class="panel panel-quiet" aria-busy="true">
          <p class="muted">Loading the overview…</p>
        </div>
      )}
      {load.value.state === 'error' && (
        <div class="panel" role="alert">
          <p class="alert alert-error">The overview could not be loaded. {load.value.message}</p>
          <button type="button" class="button button-secondary" onClick={() => (reloads.value += 1)}>
            Try again
          </button>
        </div>
      )}
      {ready && <Figures overview={ready} site={site.slug} metric={metric.value} onMetric={(chosen) => (metric.value = chosen)} periodWords={periodWords} />}
    </section>
  );
}

function Figures(props: { overview: OverviewResult; site: string; metric: Metric; onMetric: (metric: Metric) => void; periodWords: string }) {
  const { overview, metric } = props;
  const { totals } = overview;
  const nothing = totals.offers_created + totals.shares + totals.claim_clicks + totals.friend_purchases + referralCount(totals) === 0 && totals.purchase_revenue === 0;
  const days = overview.days.map((day) => day.day);
  const series: ChartSeries[] =
    metric === 'referrals'
      ? STATUSES.map((status) => ({ key: status.key, label: status.label, className: status.className, values: overview.days.map((day) => day.referrals[status.key]) }))
      : [{ key: metric, label: METRICS.find((one) => one.key === metric)!.label, className: 'chart-series-1', values: overview.days.map((day) => day[metric]) }];
  const money = metric === 'referred_revenue';
  const chartTitle = `${METRICS.find((one) => one.key === metric)!.label} per day, ${props.periodWords}`;
  const busiest = overview.days.reduce<{ day: string; value: number } | null>((best, day, index) => {
    const value = series.reduce((sum, one) => sum + (one.values[index] ?? 0), 0);
    return value > (best?.value ?? 0) ? { day: day.day, value } : best;
  }, null);
  const periodTotal = series.reduce((sum, one) => sum + one.values.reduce((a, b) => a + b, 0), 0);
  const format = money ? revenueInWords : countInWords;
  const description = `${days.length} days, one bar each. In all ${format(periodTotal)}${busiest ? `; the most on ${dayInWords(busiest.day, true)} (${format(busiest.value)})` : ''}. The table below has every day's numbers.`;
  const active = (figures: OverviewChannelFigures) => figures.shares + figures.claim_clicks + figures.friend_purchases + referralCount(figures) > 0;
  const channels = Object.entries(overview.channels).filter(([, figures]) => active(figures)).sort(([, a], [, b]) => referralCount(b) - referralCount(a) || b.claim_clicks - a.claim_clicks);

  return (
    <>
      <ul class="stat-grid" aria-label="Totals for the period">
        <Stat label="Offers created" value={countInWords(totals.offers_created)} hint="Advocates who got a share link" />
        <Stat label="Shares" value={countInWords(totals.shares)} />
        <Stat label="Claim clicks" value={countInWords(totals.claim_clicks)} hint="Friends who opened a link" />
        <Stat label="Friend purchases" value={countInWords(totals.friend_purchases)} />
        <li class="stat" data-stat="Referrals">
          <p class="stat-label">Referrals</p>
          <p class="stat-value">{countInWords(referralCount(totals))}</p>
          <ul class="status-counts">
            {STATUSES.map((status) => (
              <li key={status.key} data-status={status.key}>
                <span class={`chart-swatch ${status.className}`} aria-hidden="true" />
                {status.label} <span class="strong">{countInWords(totals.referrals[status.key])}</span>
              </li>
            ))}
          </ul>
        </li>
        <Stat label="Referred revenue" value={revenueInWords(totals.referred_revenue)} hint={`${shareInWords(totals.referred_revenue_share)} of all revenue (${revenueInWords(totals.purchase_revenue)})`} />
      </ul>

      {nothing ? (
        <div class="panel empty">
          <p class="empty-title">Nothing happened in this period yet.</p>
          <p class="muted">
            Offers, shares and referrals appear here once the share widget is on your order confirmation page and your shop reports purchases (see the README's quick start). Try a longer
            period if the programme is older.
          </p>
        </div>
      ) : (
        <>
          <div class="panel chart-panel">
            <div class="panel-header">
              <h2 class="section-title">Per day</h2>
              <div class="segmented" role="group" aria-label="What the chart shows">
                {METRICS.map((one) => (
                  <button key={one.key} type="button" class="segment segment-small" aria-pressed={one.key === metric} onClick={() => props.onMetric(one.key)}>
                    {one.label}
                  </button>
                ))}
              </div>
            </div>
            <BarChart id="overview-chart" whole={!money} title={chartTitle} description={description} days={days} series={series} formatValue={format} formatDay={(day) => dayInWords(day)} />
            <details class="disclosure">
              <summary>Show the numbers per day as a table</summary>
              <p class="scroll-hint" aria-hidden="true">Scroll the table sideways for every column.</p>
              <div class="table-scroll" role="region" aria-label="Per day (scrolls sideways on a narrow screen)" tabIndex={0}>
                <table class="figures" data-table="days">
                  <caption class="visually-hidden">Per day, {props.periodWords}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      <th scope="col">Offers</th>
                      <th scope="col">Shares</th>
                      <th scope="col">Clicks</th>
                      <th scope="col">Purchases</th>
                      {STATUSES.map((status) => (
                        <th key={status.key} scope="col">
                          {status.label}
                        </th>
                      ))}
                      <th scope="col">Referred revenue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.days.map((day) => (
                      <tr key={day.day} data-day={day.day}>
                        <th scope="row">{dayInWords(day.day, true)}</th>
                        <td>{countInWords(day.offers_created)}</td>
                        <td>{countInWords(day.shares)}</td>
                        <td>{countInWords(day.claim_clicks)}</td>
                        <td>{countInWords(day.friend_purchases)}</td>
                        {STATUSES.map((status) => (
                          <td key={status.key}>{countInWords(day.referrals[status.key])}</td>
                        ))}
                        <td>{revenueInWords(day.referred_revenue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </div>

          <div class="panel panel-table">
            <div class="panel-header">
              <h2 class="section-title">Per share channel</h2>
              <ExportCsvLink site={props.site} table="referrals" filters={{ from: overview.from, to: overview.to }} what={`the referrals of ${props.periodWords}`} />
            </div>
            <p class="muted small">
              {channels.length ? 'Channels with no share, click or referral in this period are left out.' : 'No share, click or referral in this period yet: offers were made, nobody has shared one.'}
            </p>
            {channels.length > 0 && <p class="scroll-hint" aria-hidden="true">Scroll the table sideways for every column.</p>}
            {channels.length > 0 && (
              <div class="table-scroll" role="region" aria-label="Per share channel (scrolls sideways on a narrow screen)" tabIndex={0}>
                <table class="figures" data-table="channels">
                  <caption class="visually-hidden">Per share channel, {props.periodWords}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Channel</th>
                      <th scope="col">Shares</th>
                      <th scope="col">Clicks</th>
                      <th scope="col">Purchases</th>
                      <th scope="col">Referrals</th>
                      <th scope="col">Approved</th>
                      <th scope="col">Referred revenue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {channels.map(([channel, figures]) => (
                      <ChannelRow key={channel} channel={channel} figures={figures} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </>
      )}
    </>
  );
}

function Stat(props: { label: string; value: string; hint?: string }) {
  return (
    <li class="stat" data-stat={props.label}>
      <p class="stat-label">{props.label}</p>
      <p class="stat-value">{props.value}</p>
      {props.hint && <p class="stat-hint">{props.hint}</p>}
    </li>
  );
}

function ChannelRow(props: { channel: string; figures: OverviewChannelFigures }) {
  const { figures } = props;
  return (
    <tr data-channel={props.channel}>
      <th scope="row">{channelInWords(props.channel)}</th>
      <td>{countInWords(figures.shares)}</td>
      <td>{countInWords(figures.claim_clicks)}</td>
      <td>{countInWords(figures.friend_purchases)}</td>
      <td>{countInWords(referralCount(figures))}</td>
      <td>{countInWords(figures.referrals.approved)}</td>
      <td>{revenueInWords(figures.referred_revenue)}</td>
    </tr>
  );
}
