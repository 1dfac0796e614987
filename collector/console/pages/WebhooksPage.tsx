/**
 * Web hooks: the endpoints the site sends to (never a secret) with "Deliver sample" for owners,
 * and every delivery with each of its attempts, filtered by status; owners redeliver one.
 */
import { useSignal } from '@preact/signals';
import type { DeliveryStatus, WebhookDeliveryView, WebhookEndpointView, WebhooksResult } from '../../contract/console-api';
import { callApi } from '../api';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { LoadState } from '../components/LoadState';
import { currentSite, session } from '../session';
import { messageOf, sitePath, useSiteLoad } from '../use-site-load';

const FILTERS: { status: DeliveryStatus | null; label: string }[] = [
  { status: null, label: 'All' },
  { status: 'failed', label: 'Failed' },
  { status: 'pending', label: 'Pending' },
  { status: 'delivered', label: 'Delivered' },
  { status: 'disabled', label: 'Disabled' },
];

const STATUS_WORDS: Record<string, string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed', disabled: 'Disabled (410 Gone)', suppressed: 'Not sent' };

const when = (at: string) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function WebhooksPage() {
  const status = useSignal<DeliveryStatus | null>(null);
  const notice = useSignal<{ tone: 'success' | 'error'; text: string } | null>(null);
  const { load, reload } = useSiteLoad<WebhooksResult>((site) => sitePath(site, `/webhooks${status.value ? `?status=${status.value}` : ''}`), status.value ?? 'all');
  const state = session.value;
  const owner = !!state && state !== 'unknown' && state.user.role === 'owner';
  const ready = load.value.state === 'ready' ? load.value.result : null;

  const act = async (path: string, body: unknown, success: string) => {
    const site = currentSite.value?.slug;
    if (!site) return;
    notice.value = null;
    try {
      await callApi('POST', sitePath(site, path), body);
      notice.value = { tone: 'success', text: success };
      reload();
    } catch (error) {
      notice.value = { tone: 'error', text: messageOf(error) };
    }
  };

  return (
    <section class="page" aria-labelledby="webhooks-title">
      <div class="page-header">
        <div>
          <h1 id="webhooks-title" class="page-title">
            Web hooks
          </h1>
          <p class="muted">Where Vouch tells your shop what happened, and what each delivery's receiver answered.</p>
        </div>
        <button type="button" class="button button-secondary" onClick={reload}>
          Refresh
        </button>
      </div>
      <div class="live" role="status" aria-live="polite">
        {notice.value && <p class={`alert alert-${notice.value.tone}`}>{notice.value.text}</p>}
      </div>
      <LoadState load={load.value} what="web hooks" onRetry={reload} />
      {ready && (
        <>
          <h2 class="section-title">Endpoints</h2>
          {ready.endpoints.length === 0 ? (
            <div class="panel empty">
              <p class="empty-title">No web hook endpoint is configured.</p>
              <p class="muted">Add webhook_url or webhooks to the site's configuration and restart the collector.</p>
            </div>
          ) : (
            <div class="panel panel-flush">
              <table class="queue endpoints">
                <caption class="visually-hidden">Web hook endpoints</caption>
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">Types</th>
                    <th scope="col">Format</th>
                    <th scope="col">State</th>
                    {owner && (
                      <th scope="col" class="col-actions">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {ready.endpoints.map((endpoint) => (
                    <EndpointRow key={endpoint.id} endpoint={endpoint} owner={owner} onSample={(type) => act(`/webhook-endpoints/${encodeURIComponent(endpoint.id)}/sample`, { type }, `A sample ${type} is on its way to ${endpoint.url}.`)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="page-header">
            <h2 class="section-title">Deliveries</h2>
            <div class="segmented" role="group" aria-label="Which deliveries">
              {FILTERS.map((filter) => (
                <button key={filter.label} type="button" class="segment" aria-pressed={status.value === filter.status} onClick={() => (status.value = filter.status)}>
                  {filter.label}
                </button>
              ))}
            </div>
            {currentSite.value && (
              <ExportCsvLink
                site={currentSite.value.slug}
                table="webhook-deliveries"
                filters={{ status: status.value }}
                what={status.value ? `every ${STATUS_WORDS[status.value]!.toLowerCase()} delivery` : 'every delivery'}
              />
            )}
          </div>
          {ready.deliveries.length === 0 ? (
            <div class="panel empty">
              <p class="empty-title">{status.value ? `No ${STATUS_WORDS[status.value]!.toLowerCase()} delivery.` : 'No web hook was sent yet.'}</p>
              <p class="muted">Deliveries appear here as referrals, rewards and shares happen{owner ? ', or deliver a sample to an endpoint above' : ''}.</p>
            </div>
          ) : (
            <ul class="deliveries">
              {ready.deliveries.map((delivery) => (
                <DeliveryCard key={delivery.id} delivery={delivery} owner={owner} onRedeliver={() => act(`/webhook-deliveries/${delivery.id}/redeliver`, {}, `${delivery.event_type} is being delivered again.`)} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function EndpointRow(props: { endpoint: WebhookEndpointView; owner: boolean; onSample: (type: string) => Promise<void> }) {
  const { endpoint } = props;
  const type = useSignal(endpoint.types[0] ?? '');
  return (
    <tr data-endpoint={endpoint.id}>
      <td data-label="URL">
        <div class="cell">
          <span class="url">{endpoint.url}</span>
          <span class="sub">{endpoint.id}</span>
        </div>
      </td>
      <td data-label="Types">
        <span class="types">{endpoint.types.join(', ')}</span>
      </td>
      <td data-label="Format">{endpoint.format === 'form' ? `Form (key ${endpoint.key})` : 'JSON'}</td>
      <td data-label="State">{endpoint.disabled ? <span class="badge badge-danger">Disabled {when(endpoint.disabled.at)}</span> : <span class="badge badge-ok">On</span>}</td>
      {props.owner && (
        <td class="col-actions">
          <div class="row-actions sample">
            <label>
              <span class="visually-hidden">Sample type for {endpoint.url}</span>
              <select class="input input-compact" value={type.value} onChange={(event) => (type.value = (event.target as HTMLSelectElement).value)}>
                {endpoint.types.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="button button-small button-secondary" onClick={() => void props.onSample(type.value)}>
              Deliver sample
            </button>
          </div>
        </td>
      )}
    </tr>
  );
}

function DeliveryCard(props: { delivery: WebhookDeliveryView; owner: boolean; onRedeliver: () => Promise<void> }) {
  const { delivery } = props;
  return (
    <li class="panel delivery" data-delivery={delivery.id}>
      <div class="delivery-head">
        <div class="cell">
          <span class="strong">
            {delivery.event_type}
            {delivery.sample && <span class="badge">sample</span>}
          </span>
          <span class="sub url">{delivery.endpoint_url ?? 'webhook_url'}</span>
          <span class="sub">
            Written <time dateTime={delivery.created_at}>{when(delivery.created_at)}</time>
            {delivery.next_attempt_at && <> · next attempt <time dateTime={delivery.next_attempt_at}>{when(delivery.next_attempt_at)}</time></>}
          </span>
        </div>
        <div class="row-actions">
          <span class={`badge badge-${delivery.status}`}>{STATUS_WORDS[delivery.status] ?? delivery.status}</span>
          {props.owner && delivery.status !== 'pending' && (
            <button type="button" class="button button-small button-secondary" aria-label={`Redeliver ${delivery.event_type} ${delivery.id}`} onClick={() => void props.onRedeliver()}>
              Redeliver
            </button>
          )}
        </div>
      </div>
      {delivery.attempts.length === 0 ? (
        <p class="muted small">Not attempted yet.</p>
      ) : (
        <table class="attempts">
          <caption class="visually-hidden">Attempts of this delivery</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Answer</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((attempt) => (
              <tr key={attempt.number}>
                <td>{attempt.number}</td>
                <td>
                  <time dateTime={attempt.at}>{when(attempt.at)}</time>
                </td>
                <td>{attempt.response_status === null ? <span class="muted">none</span> : `HTTP ${attempt.response_status}`}</td>
                <td class="attempt-error">{attempt.error ?? <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
