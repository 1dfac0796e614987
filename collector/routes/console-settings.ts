import type { SettingsResult } from '../contract/console-api';
import type { ApiRoutes } from '../http/api-routes';
import { ConsoleSiteParams } from '../schemas/console.schema';
import { siteSettingsView } from '../views/site-settings.view';

/** The console's Settings page: the site's effective configuration, read-only, secrets masked (owners). */
export function registerConsoleSettingsRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'get',
      path: '/console/api/sites/:site/settings',
      summary: "The site's effective configuration (defaults filled in, environment variables resolved), every secret masked to its last 4 characters at most. Owners only.",
      access: 'console owner',
      params: ConsoleSiteParams,
    },
    (c, { site }) => c.json({ ok: true, result: { site: site.site_slug, settings: siteSettingsView(site) } satisfies SettingsResult }),
  );
}
