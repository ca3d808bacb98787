import { describe, expect, it } from 'vitest';
import { nextFire, parseCron } from '../../src/schedule/cron.js';

const next = (expr: string, after: string): string | undefined =>
  nextFire(parseCron(expr), new Date(after))?.toISOString();

describe('cron', () => {
  it('finds the next time in UTC for the usual forms', () => {
    expect(next('0 6 * * *', '2026-11-23T05:59:59Z')).toBe('2026-11-23T06:00:00.000Z');
    expect(next('0 6 * * *', '2026-11-23T06:00:00Z')).toBe('2026-11-24T06:00:00.000Z');
    expect(next('*/15 * * * *', '2026-11-23T10:07:12Z')).toBe('2026-11-23T10:15:00.000Z');
    expect(next('30 2 1 * *', '2026-12-15T00:00:00Z')).toBe('2027-01-01T02:30:00.000Z');
    expect(next('0 9 * * MON-FRI', '2026-11-21T12:00:00Z')).toBe('2026-11-23T09:00:00.000Z'); // a Saturday → Monday
    expect(next('0 0 29 FEB *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('*/2 * * * * *', '2026-11-23T10:00:00.500Z')).toBe('2026-11-23T10:00:02.000Z');
    expect(next('@daily', '2026-11-23T10:00:00Z')).toBe('2026-11-24T00:00:00.000Z');
    expect(next('0 12 * * 7', '2026-11-23T00:00:00Z')).toBe('2026-11-29T12:00:00.000Z'); // 7 is Sunday too
    expect(next('1-10/3 * * * *', '2026-11-23T10:04:30Z')).toBe('2026-11-23T10:07:00.000Z');
  });

  it('fires on either day field when both are restricted, as cron does', () => {
    // the 1st of the month or any Friday
    expect(next('0 0 1 * FRI', '2026-11-23T00:00:00Z')).toBe('2026-11-27T00:00:00.000Z');
    expect(next('0 0 1 * FRI', '2026-11-28T00:00:00Z')).toBe('2026-12-01T00:00:00.000Z');
  });

  it('says what is wrong with a bad expression', () => {
    expect(() => parseCron('* * *')).toThrow(/5 fields .* has 3/);
    expect(() => parseCron('61 * * * *')).toThrow(/"61" is not a minute \(0–59\)/);
    expect(() => parseCron('* * * FOO *')).toThrow(/"FOO" is not a month/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/step "0"/);
    expect(() => parseCron('5-1 * * * *')).toThrow(/runs backwards/);
    expect(nextFire(parseCron('0 0 31 2 *'), new Date('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});
