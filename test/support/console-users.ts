import { COMMAND_LINE_ACTOR } from '../../collector/domain/audit-log';
import { addUser } from '../../collector/domain/console-accounts';
import type { TestCollector } from './collector';
import { consoleBrowser, type ConsoleBrowser } from './console-client';

/**
 * Adds a console user the way `vouch users add` does, sets their password through the one-time
 * link's route as their browser would, and answers that browser signed in.
 */
export async function signedInUser(
  collector: TestCollector,
  user: { email: string; role: 'owner' | 'reviewer'; sites?: string[]; password?: string },
): Promise<ConsoleBrowser> {
  const password = user.password ?? 'a long enough password';
  const { services } = collector.running;
  const { token } = await addUser(
    services.db,
    { email: user.email, role: user.role, sites: user.sites ?? null, knownSites: services.sites.all().map((site) => site.site_slug) },
    COMMAND_LINE_ACTOR,
    services.console.now(),
  );
  const browser = consoleBrowser(collector);
  const set = await browser.call('POST', '/console/api/password', { token, password });
  if (set.status !== 200) throw new Error(`setting the password failed: ${JSON.stringify(set.body)}`);
  const signedIn = await browser.signIn(user.email, password);
  if (signedIn.status !== 200) throw new Error(`signing in failed: ${JSON.stringify(signedIn.body)}`);
  return browser;
}
