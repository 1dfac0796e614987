import { describe, expect } from 'vitest';
import { collectorTest } from '../support/collector-fixture';
import { consoleBrowser } from '../support/console-client';

const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };
const it = collectorTest({ admin: OWNER, publicUrl: 'https://refer.shop.example' });

describe('the console behind https', () => {
  it('marks the session cookie Secure and takes calls from the public origin', async ({ collector }) => {
    const browser = consoleBrowser(collector, 'https://refer.shop.example');
    const signedIn = await browser.signIn(OWNER.email, OWNER.password);
    expect(signedIn.status).toBe(200);
    expect(browser.setCookie).toMatch(/; Secure/);
    expect(browser.setCookie).toMatch(/; HttpOnly/);
    // The same host over plain http is another origin.
    const http = await consoleBrowser(collector, 'http://refer.shop.example').signIn(OWNER.email, OWNER.password);
    expect(http.status).toBe(403);
    expect(http.body.code).toBe('cross_origin');
    expect((await browser.call('DELETE', '/console/api/session')).status).toBe(200);
    expect(browser.setCookie).toMatch(/Max-Age=0.*; Secure|; Secure.*Max-Age=0/);
  });
});
