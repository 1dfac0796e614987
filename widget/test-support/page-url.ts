/** Moves the happy-dom page to `url`, as a visitor's navigation would. */
export function setPageUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}
