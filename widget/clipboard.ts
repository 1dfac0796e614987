/**
 * Copying the claim link. The Clipboard API needs a secure context and permission; when it is
 * missing or refused, the old select-and-execCommand path still works in most browsers.
 */

/** Copies `text`; `input` (showing the same text) is selected for the fallback. Resolves to whether it worked. */
export async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No Clipboard API (http page, old browser) or permission refused: fall back below.
  }
  if (!input) return false;
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    // Left selected, so the visitor can press Ctrl+C themselves; the widget says so.
    return false;
  }
}
