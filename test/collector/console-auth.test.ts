import { describe, expect } from 'vitest';
import { collectorTest } from '../support/collector-fixture';
import { consoleBrowser } from '../support/console-client';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };
let now = new Date('2026-03-02T09:00:00.000Z');
const it = collectorTest({ admin: OWNER, console: { now: () => now } });

describe('console sign-in', () => {
  it('signs the bootstrap owner in and answers the session', async ({ collector }) => {
    const browser = consoleBrowser(collector);
    const signedIn = await browser.signIn(OWNER.email, OWNER.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.result.user).toMatchObject({ email: OWNER.email, role: 'owner', sites: 'all' });
    const session = await browser.call('GET', '/console/api/session');
    expect(session.status).toBe(200);
    expect(session.body.result.sites).toEqual([{ slug: 'test-shop', name: 'Test Shop' }]);
  });
});
