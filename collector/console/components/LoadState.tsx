/** The loading and error panels every data page shows before its content. */
import type { Load } from '../use-site-load';

export function LoadState<T>(props: { load: Load<T>; what: string; onRetry: () => void }) {
  if (props.load.state === 'loading') {
    return (
      <div class="panel panel-quiet" aria-busy="true">
        <p class="muted">Loading {props.what}…</p>
      </div>
    );
  }
  if (props.load.state === 'error') {
    return (
      <div class="panel" role="alert">
        <p class="alert alert-error">
          The {props.what} could not be loaded. {props.load.message}
        </p>
        <button type="button" class="button button-secondary" onClick={props.onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return null;
}
