/**
 * Settings (owners): the site's configuration as the collector runs it, read-only, every secret
 * masked. It changes in the configuration file (and the environment), then a restart.
 */
import type { SettingsResult } from '../../contract/console-api';
import { LoadState } from '../components/LoadState';
import { sitePath, useSiteLoad } from '../use-site-load';

/** Every leaf of the configuration as a dotted path and its value in words. */
function rowsOf(value: unknown, path: string): { path: string; value: string }[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ path, value: 'none' }];
    if (value.every((item) => item === null || typeof item !== 'object')) return [{ path, value: value.join(', ') }];
    return value.flatMap((item, index) => rowsOf(item, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return [{ path, value: 'none' }];
    return entries.flatMap(([key, inner]) => rowsOf(inner, path ? `${path}.${key}` : key));
  }
  return [{ path, value: value === null || value === undefined ? '—' : String(value) }];
}

export function SettingsPage() {
  const { load, reload } = useSiteLoad<SettingsResult>((site) => sitePath(site, '/settings'), 'settings');
  const ready = load.value.state === 'ready' ? load.value.result : null;
  return (
    <section class="page" aria-labelledby="settings-title">
      <div class="page-header">
        <div>
          <h1 id="settings-title" class="page-title">
            Settings
          </h1>
          <p class="muted">The site's configuration as the collector runs it, defaults included. Secrets show their last 4 characters at most. Change them in the configuration file and restart the collector.</p>
        </div>
      </div>
      <LoadState load={load.value} what="settings" onRetry={reload} />
      {ready && (
        <div class="panel panel-flush">
          <table class="settings">
            <caption class="visually-hidden">Configuration of {ready.site}</caption>
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {rowsOf(ready.settings, '').map((row) => (
                <tr key={row.path}>
                  <th scope="row">
                    <code>{row.path}</code>
                  </th>
                  <td class="setting-value">{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
