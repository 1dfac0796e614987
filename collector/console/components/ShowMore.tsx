/**
 * The footer of a paged table: "Show more" while there is a next page, "Loading…" while it comes,
 * and why the last try failed, with the button to try again.
 */
export function ShowMore(props: { nextCursor: string | null; loading: boolean; error?: string | null; onMore: () => void }) {
  if (!props.nextCursor) return null;
  return (
    <div class="panel-footer">
      {props.error && (
        <p class="alert alert-error" role="alert">
          The next page could not be loaded. {props.error}
        </p>
      )}
      <button type="button" class="button button-secondary" disabled={props.loading} onClick={props.onMore}>
        {props.loading ? 'Loading…' : 'Show more'}
      </button>
    </div>
  );
}
