import { describe, expect } from 'vitest';
import { collectorTest } from '../support/collector-fixture';
import { consoleBrowser } from '../support/console-client';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };
const it = collectorTest({ admin: OWNER });

describe('console users, managed by owners', () => {
  it('adds a reviewer with a one-time link, lists, re-links and removes them, each in the audit log under the owner', async ({ collector }) => {
    const owner = consoleBrowser(collector);
    await owner.signIn(OWNER.email, OWNER.password);
    const added = await owner.call('POST', '/console/api/users', { email: 'Rita@Shop.example', role: 'reviewer', sites: ['test-shop'] });
    expect(added.status).toBe(201);
    expect(added.body.result).toEqual({
      user: { id: expect.any(String), email: 'rita@shop.example', role: 'reviewer', sites: ['test-shop'] },
      set_password_url: expect.stringMatching(/^http:\/\/localhost:\d+\/console\/set-password\?token=[A-Za-z0-9_-]{43}$/),
      expires_at: expect.any(String),
    });
    const rita = consoleBrowser(collector);
    const token = new URL(added.body.result.set_password_url).searchParams.get('token');
    expect((await rita.call('POST', '/console/api/password', { token, password: 'short' })).body).toMatchObject({ code: 'password_too_short', field: 'password' });
    expect((await rita.call('POST', '/console/api/password', { token, password: 'rita chose this one' })).status).toBe(200);
    expect((await rita.signIn('rita@shop.example', 'rita chose this one')).status).toBe(200);

    // A reviewer manages nobody.
    for (const [method, path] of [['GET', '/console/api/users'], ['POST', '/console/api/users'], ['DELETE', `/console/api/users/${added.body.result.user.id}`]] as const) {
      const refused = await rita.call(method, path, method === 'POST' ? { email: 'x@shop.example', role: 'owner' } : undefined);
      expect(refused.status, `${method} ${path}`).toBe(403);
    }

    const listed = await owner.call('GET', '/console/api/users');
    expect(listed.body.result.users).toEqual([
      expect.objectContaining({ email: 'owner@shop.example', role: 'owner', sites: 'all', has_password: true }),
      expect.objectContaining({ email: 'rita@shop.example', role: 'reviewer', sites: ['test-shop'], has_password: true }),
    ]);

    const relinked = await owner.call('POST', `/console/api/users/${added.body.result.user.id}/password-link`);
    expect(relinked.body.result.set_password_url).toContain('/console/set-password?token=');
    expect(relinked.body.result.set_password_url).not.toBe(added.body.result.set_password_url);

    const removed = await owner.call('DELETE', `/console/api/users/${added.body.result.user.id}`);
    expect(removed.body.result).toEqual({ removed: 'rita@shop.example' });
    expect((await rita.call('GET', '/console/api/session')).status).toBe(401);
    expect((await owner.call('DELETE', `/console/api/users/${added.body.result.user.id}`)).body).toMatchObject({ code: 'not_found', field: 'id' });

    const audit = await owner.call('GET', '/console/api/audit');
    expect(audit.body.result.entries.slice(0, 4).map((entry: any) => [entry.action, entry.actor.email, entry.subject])).toEqual([
      ['user.remove', OWNER.email, 'rita@shop.example'],
      ['user.password_link', OWNER.email, 'rita@shop.example'],
      ['user.password_set', 'rita@shop.example', 'rita@shop.example'],
      ['user.add', OWNER.email, 'rita@shop.example'],
    ]);
  });

  it('refuses a user twice, sites for an owner, unknown sites and removing the last owner', async ({ collector }) => {
    const owner = consoleBrowser(collector);
    await owner.signIn(OWNER.email, OWNER.password);
    expect((await owner.call('POST', '/console/api/users', { email: OWNER.email.toUpperCase(), role: 'owner' })).body).toMatchObject({ code: 'user_exists', field: 'email' });
    expect((await owner.call('POST', '/console/api/users', { email: 'o2@shop.example', role: 'owner', sites: ['test-shop'] })).body).toMatchObject({ code: 'unknown_site', field: 'sites' });
    expect((await owner.call('POST', '/console/api/users', { email: 'r2@shop.example', role: 'reviewer', sites: ['nope'] })).body).toMatchObject({ code: 'unknown_site', field: 'sites' });
    expect((await owner.call('POST', '/console/api/users', { email: 'r2@shop.example', role: 'reviewer' })).body).toMatchObject({ code: 'unknown_site', field: 'sites' });
    expect((await owner.call('POST', '/console/api/users', { email: 'not an address', role: 'reviewer' })).body).toMatchObject({ code: 'invalid_field', field: 'email' });
    const me = (await owner.call('GET', '/console/api/session')).body.result.user;
    const last = await owner.call('DELETE', `/console/api/users/${me.id}`);
    expect(last.status).toBe(409);
    expect(last.body).toMatchObject({ code: 'last_owner' });
  });
});
