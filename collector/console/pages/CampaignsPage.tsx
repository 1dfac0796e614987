/**
 * The campaigns: the site's campaigns (its default one first) with their status and dates, and
 * for each that runs an A/B experiment, one table per variant: its funnel (offers → shares →
 * clicks → referrals → revenue), each rate per offer with its 95% interval, and in words whether
 * it differs significantly from the control. The collector computes every number (the answer of
 * GET /api/v2/campaigns/<id>/results); this page only writes them out. A table per variant keeps
 * four narrow columns, so it reads on a phone without scrolling sideways.
 */
import type { CampaignResultsResult, CampaignsResult, ConsoleCampaign, ExperimentRate, ExperimentVariantResult } from '../../contract/console-api';
import { LoadState } from '../components/LoadState';
import { intervalInWords, moneyInWords, pointsInWords, pValueInWords, rateInWords, verdictInWords } from '../experiment-words';
import { countInWords, dayInWords } from '../insight-words';
import { currentSite } from '../session';
import { sitePath, useSiteLoad } from '../use-site-load';

export function CampaignsPage() {
  const site = currentSite.value;
  const { load, reload } = useSiteLoad<CampaignsResult>((slug) => sitePath(slug, '/campaigns'), '');

  if (!site) {
    return (
      <section class="page">
        <h1 class="page-title">Campaigns</h1>
        <p class="empty">Your account may see no site yet. Ask an owner of this console to give you one.</p>
      </section>
    );
  }
  const ready = load.value.state === 'ready' ? load.value.result : null;

  return (
    <section class="page" aria-labelledby="campaigns-title">
      <div class="page-header">
        <div>
          <h1 id="campaigns-title" class="page-title" tabIndex={-1}>
            Campaigns
          </h1>
          <p class="muted">Your referral campaigns, and how the variants of an A/B experiment compare with its control.</p>
        </div>
      </div>
      <LoadState load={load.value} what="campaigns" onRetry={reload} />
      {ready && (
        <>
          <ul class="campaign-list" aria-label="Campaigns">
            {ready.campaigns.map((campaign) => (
              <CampaignItem key={campaign.id} campaign={campaign} />
            ))}
          </ul>
          {ready.campaigns
            .filter((campaign) => campaign.experiment)
            .map((campaign) => (
              <ExperimentResults key={campaign.id} campaign={campaign} />
            ))}
        </>
      )}
    </section>
  );
}

function datesInWords(campaign: ConsoleCampaign): string {
  if (!campaign.starts_at && !campaign.ends_at) return 'No end date';
  const day = (iso: string) => dayInWords(iso.slice(0, 10), true);
  if (campaign.starts_at && campaign.ends_at) return `${day(campaign.starts_at)} – ${day(campaign.ends_at)}`;
  return campaign.starts_at ? `From ${day(campaign.starts_at)}` : `Until ${day(campaign.ends_at!)}`;
}

function CampaignItem(props: { campaign: ConsoleCampaign }) {
  const { campaign } = props;
  return (
    <li class="panel campaign-item" data-campaign={campaign.id}>
      <p class="campaign-name">
        <span class="strong">{campaign.name}</span>
        <span class={`badge ${campaign.status === 'Live' ? 'badge-ok' : 'badge-disabled'}`}>{campaign.status === 'Live' ? 'Live' : 'Not running'}</span>
      </p>
      <p class="muted small">
        {campaign.is_default ? 'Default campaign (the site settings)' : `Campaign ${campaign.slug}`} · {datesInWords(campaign)} · {campaign.currency}
      </p>
      <p class="small">{campaign.experiment ? <a href={`#experiment-${campaign.id}`}>A/B experiment: see the results below</a> : 'No A/B experiment'}</p>
    </li>
  );
}

function ExperimentResults(props: { campaign: ConsoleCampaign }) {
  const { campaign } = props;
  const { load, reload } = useSiteLoad<CampaignResultsResult>((slug) => sitePath(slug, `/campaigns/${encodeURIComponent(campaign.id)}/results`), campaign.id);
  const ready = load.value.state === 'ready' ? load.value.result : null;
  const titleId = `experiment-${campaign.id}-title`;
  return (
    <section id={`experiment-${campaign.id}`} class="experiment" aria-labelledby={titleId} data-experiment={campaign.id}>
      <h2 id={titleId} class="section-title">
        Experiment results: {campaign.name}
      </h2>
      <LoadState load={load.value} what="experiment results" onRetry={reload} />
      {ready && (
        <>
          <p class="muted small">
            Rates are per offer made in the variant, with their 95% interval ({ready.test.confidence_interval}). Each variant is compared with the control by a {ready.test.name}; a
            difference is significant when p is below {ready.test.alpha}. Revenue is the referred purchases your server reported, less refunds.
          </p>
          {ready.variants.map((variant) => (
            <VariantTable key={variant.id} variant={variant} currency={ready.currency} totalWeight={ready.variants.reduce((sum, one) => sum + one.weight, 0)} />
          ))}
        </>
      )}
    </section>
  );
}

const RATE_STEPS = [
  { key: 'shares', label: 'Shares', rate: 'share_rate', reached: 'offers shared' },
  { key: 'clicks', label: 'Clicks', rate: 'click_rate', reached: 'offers clicked' },
  { key: 'referrals', label: 'Referrals', rate: 'referral_rate', reached: 'offers referred a friend' },
] as const;

function VariantTable(props: { variant: ExperimentVariantResult; currency: string; totalWeight: number }) {
  const { variant, currency } = props;
  const compared = !variant.control;
  const significant = RATE_STEPS.filter((step) => variant[step.rate].vs_control?.significant).map((step) => step.label.toLowerCase());
  return (
    <div class="panel variant" data-variant={variant.id}>
      <h3 class="variant-name">
        <span class="variant-id">{variant.id}</span>
        {variant.control && <span class="badge">Control</span>}
      </h3>
      <p class="muted small">
        {rateInWords(variant.weight / props.totalWeight)} of new advocates.{' '}
        {compared && (
          <span class="variant-verdict">
            {significant.length > 0 ? `Significantly different from the control in ${significant.join(', ')}.` : 'No significant difference from the control yet.'}
          </span>
        )}
      </p>
      <table class="figures experiment-table">
        <caption class="visually-hidden">Results of variant {variant.id}{variant.control ? ', the control' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Count</th>
            <th scope="col" class="rate-cell">
              Per offer (95% interval)
            </th>
            {compared && (
              <th scope="col" class="verdict-cell">
                Against the control
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          <tr data-step="offers">
            <th scope="row">Offers</th>
            <td data-label="Count">{countInWords(variant.funnel.offers)}</td>
            <td class="rate-cell" data-label="Per offer">
              <span class="sub">Advocates who got a link</span>
            </td>
            {compared && <td class="verdict-cell" />}
          </tr>
          {RATE_STEPS.map((step) => (
            <RateRow key={step.key} step={step.key} label={step.label} count={variant.funnel[step.key]} rate={variant[step.rate]} reached={step.reached} offers={variant.funnel.offers} compared={compared} />
          ))}
          <tr data-step="revenue">
            <th scope="row">Revenue</th>
            <td data-label="Amount">{moneyInWords(variant.funnel.revenue, currency)}</td>
            <td class="rate-cell" data-label="Per offer">
              {variant.revenue_per_offer === null ? '—' : `${moneyInWords(variant.revenue_per_offer, currency)} per offer`}
            </td>
            {compared && (
              <td class="verdict-cell" data-label="Against the control">
                <span class="sub">Not tested</span>
              </td>
            )}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function RateRow(props: { step: string; label: string; count: number; rate: ExperimentRate; reached: string; offers: number; compared: boolean }) {
  const { rate } = props;
  const comparison = rate.vs_control;
  return (
    <tr data-step={props.step}>
      <th scope="row">{props.label}</th>
      <td data-label="Count">{countInWords(props.count)}</td>
      <td class="rate-cell" data-label="Per offer">
        {rate.rate === null ? (
          '—'
        ) : (
          <>
            <span class="rate strong">{rateInWords(rate.rate)}</span>
            {rate.confidence_interval && <span class="sub interval">{intervalInWords(rate.confidence_interval)}</span>}
            <span class="sub">
              {countInWords(rate.offers)} of {countInWords(props.offers)} {props.reached}
            </span>
          </>
        )}
      </td>
      {props.compared && (
        <td class="verdict-cell" data-label="Against the control">
          <span class={`verdict${comparison?.significant ? ' strong' : ''}`}>{verdictInWords(rate)}</span>
          {comparison && (
            <span class="sub">
              {pointsInWords(comparison.difference)}, {pValueInWords(comparison.p_value)}
            </span>
          )}
        </td>
      )}
    </tr>
  );
}
