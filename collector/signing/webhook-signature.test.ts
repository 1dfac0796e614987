import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './webhook-signature';

// The Standard Webhooks reference test vector.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP_IN_SECONDS = 1614265330;
const BODY = '{"test": 2432232314}';
const EXPECTED = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('web hook signature', () => {
  it('matches the pinned Standard Webhooks vector', () => {
    expect(signWebhook([SECRET], ID, TIMESTAMP_IN_SECONDS, BODY)).toBe(EXPECTED);
  });

  it('agrees with the standardwebhooks package', () => {
    const now = Math.floor(Date.now() / 1000);
    const signature = signWebhook([SECRET], ID, now, BODY);
    expect(signature).toBe(new Webhook(SECRET).sign(ID, new Date(now * 1000), BODY));
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(now), 'webhook-signature': signature };
    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual({ test: 2432232314 });
  });

  it('fails verification for a changed body, another id or an old timestamp', () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': ID, 'webhook-timestamp': String(now), 'webhook-signature': signWebhook([SECRET], ID, now, BODY) };
    const hook = new Webhook(SECRET);
    expect(() => hook.verify('{"test": 1}', headers)).toThrow();
    expect(() => hook.verify(BODY, { ...headers, 'webhook-id': 'msg_other' })).toThrow();
    const old = now - 10 * 60;
    expect(() => hook.verify(BODY, { ...headers, 'webhook-timestamp': String(old), 'webhook-signature': signWebhook([SECRET], ID, old, BODY) })).toThrow(/too old/i);
  });

  it('signs with every secret, space-separated, for a rotation', () => {
    const next = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const header = signWebhook([next, SECRET], ID, TIMESTAMP_IN_SECONDS, BODY);
    expect(header.split(' ')).toEqual([expect.stringMatching(/^v1,/), EXPECTED]);
  });
});
