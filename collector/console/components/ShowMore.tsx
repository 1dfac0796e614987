/** The footer of a paged table: "Show more" while there is a next page, "Loading…" while it comes. */
export function ShowMore(props: { nextCursor: string | null; loading: boolean; onMore: () => void }) {
  if (!props.nextCursor) return null;
  return (
    <div class="panel-footer">
      <button type="button" class="button button-secondary" disabled={props.loading} onClick={props.onMore}>
        {props.loading ? 'Loading…' : 'Show more'}
      </button>
    </div>
  );
}
