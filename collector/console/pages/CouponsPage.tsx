/**
 * Coupon pools: how many codes each side has left (with a warning when a pool runs low), the
 * codes unused and used, and, for owners, adding codes from a pasted list or a CSV file.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { MAX_CODES_PER_UPLOAD, type CouponsResult, type CouponUploadResult, type PoolLevel, type PoolSide } from '../../contract/console-api';
import { callApi } from '../api';
import { ExportCsvLink } from '../components/ExportCsvLink';
import { LoadState } from '../components/LoadState';
import { codesInText } from '../coupon-list-text';
import { currentSite, session } from '../session';
import { messageOf, sitePath, useSiteLoad } from '../use-site-load';

const SIDES: { side: PoolSide; label: string }[] = [
  { side: 'advocate', label: 'Advocate pool' },
  { side: 'friend', label: 'Friend pool' },
];

export function CouponsPage() {
  const side = useSignal<PoolSide>('advocate');
  const used = useSignal(false);
  const extra = useSignal<{ codes: CouponsResult['codes']; next: string | null } | null>(null);
  const { load, reload } = useSiteLoad<CouponsResult>((site) => sitePath(site, `/coupons?kind=${side.value}&used=${used.value}`), `${side.value}-${used.value}`);
  const state = session.value;
  const owner = state && state !== 'unknown' && state.user.role === 'owner';
  const ready = load.value.state === 'ready' ? load.value.result : null;
  const codes = ready ? [...ready.codes, ...(extra.value?.codes ?? [])] : [];
  const next = extra.value ? extra.value.next : (ready?.next_cursor ?? null);

  const showMore = async () => {
    const site = currentSite.value?.slug;
    if (!site || !next) return;
    const more = await callApi<CouponsResult>('GET', sitePath(site, `/coupons?kind=${side.value}&used=${used.value}&cursor=${encodeURIComponent(next)}`));
    extra.value = { codes: [...(extra.value?.codes ?? []), ...more.codes], next: more.next_cursor };
  };
  const choose = (nextSide: PoolSide, nextUsed: boolean) => {
    extra.value = null;
    side.value = nextSide;
    used.value = nextUsed;
  };

  return (
    <section class="page" aria-labelledby="coupons-title">
      <div class="page-header">
        <div>
          <h1 id="coupons-title" class="page-title">
            Coupons
          </h1>
          <p class="muted">The codes you made in your shop for rewards with coupon_source "pool": what is left, what was handed out.</p>
        </div>
      </div>
      <LoadState load={load.value} what="coupon pools" onRetry={reload} />
      {ready && (
        <div class="levels">
          {SIDES.map(({ side: poolSide, label }) => (
            <PoolCard key={poolSide} label={label} level={ready.pools[poolSide]} />
          ))}
        </div>
      )}
      {owner && <UploadForm onUploaded={() => { extra.value = null; reload(); }} />}
      {ready && (
        <div class="panel panel-flush">
          <div class="panel-toolbar">
            <div class="segmented" role="group" aria-label="Which pool">
              {SIDES.map(({ side: poolSide, label }) => (
                <button key={poolSide} type="button" class="segment" aria-pressed={side.value === poolSide} onClick={() => choose(poolSide, used.value)}>
                  {label.replace(' pool', '')}
                </button>
              ))}
            </div>
            <div class="segmented" role="group" aria-label="Which codes">
              <button type="button" class="segment" aria-pressed={!used.value} onClick={() => choose(side.value, false)}>
                Unused
              </button>
              <button type="button" class="segment" aria-pressed={used.value} onClick={() => choose(side.value, true)}>
                Used
              </button>
            </div>
            {currentSite.value && (
              <ExportCsvLink
                site={currentSite.value.slug}
                table="coupons"
                filters={{ kind: side.value, used: String(used.value) }}
                what={`the ${used.value ? 'used' : 'unused'} codes of the ${side.value} pool`}
              />
            )}
          </div>
          {codes.length === 0 ? (
            <div class="empty">
              <p class="empty-title">{used.value ? 'No code of this pool was handed out yet.' : 'This pool has no unused code.'}</p>
              <p class="muted">{owner ? 'Add codes above: paste them or choose a CSV file.' : 'An owner adds codes here or with POST /api/v2/coupons.'}</p>
            </div>
          ) : (
            <table class="queue codes">
              <caption class="visually-hidden">
                {used.value ? 'Used' : 'Unused'} codes of the {side.value} pool, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Added</th>
                  <th scope="col">Handed out</th>
                  {used.value && <th scope="col">Ends</th>}
                </tr>
              </thead>
              <tbody>
                {codes.map((code) => (
                  <tr key={code.id} data-code={code.code}>
                    <td data-label="Code">
                      <code class="code">{code.code}</code>
                    </td>
                    <td data-label="Added">
                      <time dateTime={code.created_at}>{new Date(code.created_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>
                    </td>
                    <td data-label="Handed out">
                      {code.used_at ? <time dateTime={code.used_at}>{new Date(code.used_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time> : <span class="muted">—</span>}
                    </td>
                    {used.value && (
                      // A handed-out code's end (the reward's expires_in_days, fixed when it was given); "Never" without one.
                      <td data-label="Ends">
                        {code.expires_at ? <time dateTime={code.expires_at}>{new Date(code.expires_at).toLocaleDateString(undefined, { dateStyle: 'medium' })}</time> : <span class="muted">Never</span>}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {next && (
            <div class="panel-footer">
              <button type="button" class="button button-secondary" onClick={() => void showMore()}>
                Show more
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function PoolCard(props: { label: string; level: PoolLevel }) {
  const { level } = props;
  return (
    <div class={`panel level${level.low ? ' level-low' : ''}`} data-pool={props.label}>
      <h2 class="section-title">{props.label}</h2>
      <p class="level-number">
        <strong>{level.available}</strong> <span class="muted">available</span>
      </p>
      <p class="muted">
        {level.used} used · {level.total} in all
      </p>
      {level.low && (
        <p class="alert alert-warning">
          Running low: fewer than {level.threshold} codes left. Add more before rewards run out.
        </p>
      )}
      {!level.in_use && (
        <p class="muted">
          Not in use: this side's reward makes its own codes. Set its coupon_source to "pool" to hand out these.
        </p>
      )}
    </div>
  );
}

function UploadForm(props: { onUploaded: () => void }) {
  const kind = useSignal<PoolSide>('advocate');
  const error = useSignal<string | null>(null);
  const done = useSignal<string | null>(null);
  const busy = useSignal(false);
  const text = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    error.value = null;
    done.value = null;
    const chosen = file.current?.files?.[0];
    const codes = [...codesInText(text.current!.value), ...(chosen ? codesInText(await chosen.text()) : [])];
    if (codes.length === 0) {
      error.value = 'Paste at least one code, or choose a CSV file of codes.';
      text.current!.focus();
      return;
    }
    if (codes.length > MAX_CODES_PER_UPLOAD) {
      error.value = `That is ${codes.length} codes; add at most ${MAX_CODES_PER_UPLOAD} at a time.`;
      return;
    }
    const site = currentSite.value?.slug;
    if (!site) return;
    busy.value = true;
    try {
      const result = await callApi<CouponUploadResult>('POST', sitePath(site, '/coupons'), { kind: kind.value, codes });
      done.value = `${result.added} added to the ${kind.value} pool${result.skipped > 0 ? `, ${result.skipped} skipped (the site already had them)` : ''}.`;
      form.current!.reset();
      props.onUploaded();
    } catch (caught) {
      error.value = messageOf(caught);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form ref={form} class="panel upload" onSubmit={submit} noValidate aria-labelledby="upload-title">
      <h2 id="upload-title" class="section-title">
        Add codes
      </h2>
      <div class="live" role="status" aria-live="polite">
        {done.value && <p class="alert alert-success">{done.value}</p>}
      </div>
      {error.value && (
        <p class="alert alert-error" role="alert">
          {error.value}
        </p>
      )}
      <fieldset class="fieldset">
        <legend class="field-label">Pool</legend>
        <div class="choices">
          <label class="check">
            <input type="radio" name="kind" value="advocate" checked={kind.value === 'advocate'} onChange={() => (kind.value = 'advocate')} />
            <span>Advocate</span>
          </label>
          <label class="check">
            <input type="radio" name="kind" value="friend" checked={kind.value === 'friend'} onChange={() => (kind.value = 'friend')} />
            <span>Friend</span>
          </label>
        </div>
      </fieldset>
      <label class="field">
        <span class="field-label">Codes, one a line or separated by commas</span>
        <textarea ref={text} class="textarea" name="codes" rows={4} spellcheck={false} />
      </label>
      <label class="field">
        <span class="field-label">Or a CSV file (every cell is a code; a "code" header is skipped)</span>
        <input ref={file} class="input" type="file" name="file" accept=".csv,.txt,text/csv,text/plain" />
      </label>
      <button type="submit" class="button button-primary" disabled={busy.value}>
        {busy.value ? 'Adding…' : 'Add codes'}
      </button>
    </form>
  );
}
