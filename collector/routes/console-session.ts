import type { ConsoleSite, SessionResult, SignInResult } from '../contract/console-api';
import { setPasswordWithLink } from '../domain/console-accounts';
import { signIn, signOut, signOutEverywhere, type ConsoleSession } from '../domain/console-sign-in';
import type { ApiRoutes } from '../http/api-routes';
import type { Services } from '../http/app-env';
import { clientIp } from '../http/client-ip';
import { clearSessionCookie, setSessionCookie } from '../http/console-session';
import { clientAddressKey } from '../http/rate-limit';
import { SetPasswordBody, SignInBody } from '../schemas/console.schema';

/** The console's sign-in, session, sign-out and set-password routes. */
export function registerConsoleSessionRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'post',
      path: '/console/api/session',
      summary: 'Signs in with email and password; sets the session cookie. A wrong email or password answers 401 invalid_credentials; repeated failures 429 too_many_attempts.',
      access: 'console sign-in',
      body: SignInBody,
    },
    async (c, { body }) => {
      const { services } = c.var;
      const { session, token } = await signIn(
        services.db,
        services.console.lifetimes,
        { email: body.email, password: body.password, addressKey: clientAddressKey(c), ipAddress: clientIp(c), userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null },
        services.console.now(),
      );
      setSessionCookie(c, token, session.expiresAt);
      const result: SignInResult = { user: session.user };
      return c.json({ ok: true, result });
    },
  );

  api.addConsole(
    { method: 'get', path: '/console/api/session', summary: 'The signed-in user and the sites they may see.', access: 'console' },
    (c, { session }) => c.json({ ok: true, result: sessionResult(c.var.services, session) }),
  );

  api.addConsole(
    { method: 'delete', path: '/console/api/session', summary: 'Signs this session out.', access: 'console' },
    async (c, { session }) => {
      await signOut(c.var.services.db, session.id, c.var.services.console.now());
      clearSessionCookie(c);
      return c.json({ ok: true, result: { signed_out: true } });
    },
  );

  api.addConsole(
    { method: 'post', path: '/console/api/session/sign-out-everywhere', summary: "Ends every session of the signed-in user, this one too.", access: 'console' },
    async (c, { session }) => {
      const ended = await signOutEverywhere(c.var.services.db, session.user, c.var.services.console.now());
      clearSessionCookie(c);
      return c.json({ ok: true, result: { sessions_ended: ended } });
    },
  );

  api.addConsole(
    {
      method: 'post',
      path: '/console/api/password',
      summary: 'Sets a password with the token of a one-time link (vouch users add prints it); every session of the user ends. Sign in after.',
      access: 'console sign-in',
      body: SetPasswordBody,
    },
    async (c, { body }) => {
      const user = await setPasswordWithLink(c.var.services.db, body.token, body.password, c.var.services.console.now());
      return c.json({ ok: true, result: { user } });
    },
  );
}

/** The user, and the configured sites they may see. */
function sessionResult(services: Services, session: ConsoleSession): SessionResult {
  const { user } = session;
  const sites: ConsoleSite[] = services.sites
    .all()
    .filter((site) => user.sites === 'all' || user.sites.includes(site.site_slug))
    .map((site) => ({ slug: site.site_slug, name: site.name ?? site.site_slug }));
  return { user, sites };
}
