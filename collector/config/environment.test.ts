import { describe, expect, it } from 'vitest';
import { readEnvironment } from './environment';

describe('EVENT_RETENTION_DAYS', () => {
  it('keeps events 30 days unless told, and refuses less than a day, naming the variable', () => {
    expect(readEnvironment({}).EVENT_RETENTION_DAYS).toBe(30);
    expect(readEnvironment({ EVENT_RETENTION_DAYS: '90' }).EVENT_RETENTION_DAYS).toBe(90);
    expect(() => readEnvironment({ EVENT_RETENTION_DAYS: '0' })).toThrow(/EVENT_RETENTION_DAYS/);
    expect(() => readEnvironment({ EVENT_RETENTION_DAYS: 'a month' })).toThrow(/EVENT_RETENTION_DAYS: must be a whole number/);
  });
});

describe('METRICS_TOKEN', () => {
  it('is off unless set, and refuses a short token without repeating it', () => {
    expect(readEnvironment({}).METRICS_TOKEN).toBeUndefined();
    expect(readEnvironment({ METRICS_TOKEN: 'a-long-enough-token-123' }).METRICS_TOKEN).toBe('a-long-enough-token-123');
    expect(() => readEnvironment({ METRICS_TOKEN: 'short-secret' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
    expect(() => readEnvironment({ METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
  });
});

describe('DATABASE_URL', () => {
  it('takes file: paths, bare paths and postgres:// URLs, and refuses another scheme instead of making a file named after it', () => {
    for (const url of ['file:data/vouch.sqlite', 'file:/srv/vouch/data/vouch.sqlite', 'data/vouch.sqlite', './vouch.sqlite', 'postgres://vouch@db.internal/vouch', 'postgresql://db/vouch']) {
      expect(readEnvironment({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
    for (const url of ['sqlite:///srv/vouch/vouch.sqlite', 'mysql://db/vouch', 'sqlite:vouch.sqlite']) {
      expect(() => readEnvironment({ DATABASE_URL: url }), url).toThrow(/DATABASE_URL: must be file:PATH or postgres:\/\/… \(no other scheme\)/);
    }
  });
});
