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
