import type { JsonResponse, TestCollector } from './collector';

/** A browser of the merchant console: sends the collector's own Origin and keeps the session cookie. */
export interface ConsoleBrowser {
  /** The session cookie's value, once signed in. */
  cookie: string | undefined;
  /** The raw Set-Cookie of the last answer that set one. */
  setCookie: string | undefined;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  signIn(email: string, password: string): Promise<JsonResponse>;
}

export function consoleBrowser(collector: TestCollector, origin = collector.running.services.publicOrigin): ConsoleBrowser {
  const browser: ConsoleBrowser = {
    cookie: undefined,
    setCookie: undefined,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${collector.url}${path}`, {
        method,
        headers: {
          ...(origin ? { origin } : {}),
          ...(browser.cookie ? { cookie: `vouch_session=${browser.cookie}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
      });
      const setCookie = response.headers.get('set-cookie');
      if (setCookie?.startsWith('vouch_session=')) {
        browser.setCookie = setCookie;
        const value = setCookie.slice('vouch_session='.length).split(';')[0]!;
        browser.cookie = value === '' || /max-age=0/i.test(setCookie) ? undefined : value;
      }
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    signIn: (email, password) => browser.call('POST', '/console/api/session', { email, password }),
  };
  return browser;
}
