import type { ConsoleUser, PasswordLinkResult, UsersResult } from '../contract/console-api';
import type { Actor } from '../domain/audit-log';
import { addUser, emailOfUser, listConsoleUsers, newPasswordLink, removeUser } from '../domain/console-accounts';
import type { ConsoleSession } from '../domain/console-sign-in';
import { ApiError } from '../http/api-error';
import type { ApiRoutes } from '../http/api-routes';
import { AddUserBody, UserIdParams } from '../schemas/console.schema';

/** The console's users, managed by owners as `npm run vouch -- users` does: list, add, a new link, remove. */
export function registerConsoleUserRoutes(api: ApiRoutes): void {
  api.addConsole(
    {
      method: 'post',
      path: '/console/api/users',
      summary: 'Adds a console user (as npm run vouch -- users add does) and answers their one-time set-password link. Owners only.',
      access: 'console owner',
      body: AddUserBody,
    },
    async (c, { body, session }) => {
      const { services } = c.var;
      const added = await addUser(
        services.db,
        { email: body.email, role: body.role, sites: body.sites ?? null, knownSites: services.sites.all().map((site) => site.site_slug) },
        actorOf(session),
        services.console.now(),
      );
      return c.json({ ok: true, result: passwordLinkResult(services.publicUrl, added) }, 201);
    },
  );

  api.addConsole(
    {
      method: 'post',
      path: '/console/api/users/:id/password-link',
      summary: 'A new one-time set-password link for a user (a lost password, an expired link). Owners only.',
      access: 'console owner',
      params: UserIdParams,
    },
    async (c, { params, session }) => {
      const { services } = c.var;
      const email = await emailOfUser(services.db, params.id);
      if (!email) throw ApiError.notFound('id', 'user');
      const link = await newPasswordLink(services.db, email, actorOf(session), services.console.now());
      return c.json({ ok: true, result: passwordLinkResult(services.publicUrl, link) });
    },
  );

  api.addConsole(
    {
      method: 'delete',
      path: '/console/api/users/:id',
      summary: 'Removes a console user and ends their sessions; the last owner stays (409 last_owner). Owners only.',
      access: 'console owner',
      params: UserIdParams,
    },
    async (c, { params, session }) => {
      const { services } = c.var;
      const email = await emailOfUser(services.db, params.id);
      if (!email) throw ApiError.notFound('id', 'user');
      await removeUser(services.db, email, actorOf(session), services.console.now());
      return c.json({ ok: true, result: { removed: email } });
    },
  );

  api.addConsole(
    { method: 'get', path: '/console/api/users', summary: "The console's users, their roles and sites. Owners only.", access: 'console owner' },
    async (c) => {
      const result: UsersResult = { users: await listConsoleUsers(c.var.services.db) };
      return c.json({ ok: true, result });
    },
  );
}

function actorOf(session: ConsoleSession): Actor {
  return { userId: session.user.id, email: session.user.email };
}

/** The link the new or reset user opens; the token is in it once, here, and nowhere else. */
function passwordLinkResult(publicUrl: string, link: { user: ConsoleUser; token: string; expiresAt: string }): PasswordLinkResult {
  return { user: link.user, set_password_url: `${publicUrl}/console/set-password?token=${link.token}`, expires_at: link.expiresAt };
}
