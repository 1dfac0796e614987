import type { SinkMessage } from '../mail-sink';
import { esc } from './layout';

/** The local mail sink's inbox: every invite the collector sent while no real SMTP was configured. */
export function inboxBody(messages: readonly SinkMessage[]): string {
  if (messages.length === 0) return '<h1>Inbox</h1><p class="muted">No mail yet. Share an offer by email from an order confirmation page.</p>';
  const rows = messages
    .map(
      (message) =>
        `<tr><td>${esc(message.to.join(', '))}</td><td><a href="/inbox/${message.id}">${esc(message.subject)}</a></td><td>${esc(message.receivedAt.toISOString().slice(11, 19))}</td></tr>`,
    )
    .join('');
  return `<h1>Inbox</h1><p class="muted">The demo's local mail sink (SMTP on loopback). Real shops configure <code>smtp_url</code>.</p><div class="table-wrap"><table><thead><tr><th>To</th><th>Subject</th><th>At</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/**
 * One message: the HTML part in a sandboxed frame (no scripts) loaded from its own URL, since a
 * srcdoc frame would inherit this page's CSP, which blocks the inline styles mail relies on;
 * and its links as plain links.
 */
export function messageBody(message: SinkMessage): string {
  const links = [...new Set([...(message.html ?? message.text).matchAll(/https?:\/\/[^\s"'<>]+/g)].map((match) => match[0].replace(/&amp;/g, '&')))];
  return `<p><a href="/inbox">← Inbox</a></p><h1>${esc(message.subject)}</h1><p class="muted">From ${esc(message.from)} to ${esc(message.to.join(', '))}</p>
${message.html ? `<iframe sandbox title="Message" src="/inbox/${message.id}/html"></iframe>` : `<pre>${esc(message.text)}</pre>`}
<h2>Links in this message</h2><ul>${links.map((link) => `<li><a href="${esc(link)}" data-mail-link>${esc(link)}</a></li>`).join('')}</ul>`;
}
