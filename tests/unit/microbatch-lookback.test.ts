import { describe, expect, it } from 'vitest';
import { lookbackStart } from '../../src/materializations/microbatch-plan.js';

const at = (text: string): Date => new Date(`${text}Z`);

describe('microbatch lookback', () => {
  it('counts windows before the newest loaded one (default 1)', () => {
    expect(lookbackStart(at('2026-11-02T10:00:00'), 'month', 1)).toEqual(at('2026-10-01T00:00:00'));
    expect(lookbackStart(at('2026-11-02T10:00:00'), 'month', 0)).toEqual(at('2026-11-01T00:00:00'));
    expect(lookbackStart(at('2026-11-02T10:00:00'), 'day', undefined)).toEqual(at('2026-11-01T00:00:00'));
  });

  it('reaches an interval back from the newest event: the previous month only near its end', () => {
    expect(lookbackStart(at('2026-11-02T10:00:00'), 'month', '3 days')).toEqual(at('2026-10-01T00:00:00'));
    expect(lookbackStart(at('2026-11-04T00:00:00'), 'month', '3 days')).toEqual(at('2026-11-01T00:00:00'));
    expect(lookbackStart(at('2026-11-20T05:00:00'), 'day', '12 hours')).toEqual(at('2026-11-19T00:00:00'));
    expect(lookbackStart(at('2026-03-31T05:00:00'), 'day', '1 month')).toEqual(at('2026-02-28T00:00:00'));
  });

  it('"none" starts after the newest built window: built windows are final', () => {
    expect(lookbackStart(at('2026-10-01T00:00:00'), 'month', 'none')).toEqual(at('2026-11-01T00:00:00'));
  });

  it('rejects text that is not an interval', () => {
    expect(lookbackStart(at('2026-11-02T10:00:00'), 'month', 'three days')).toBeUndefined();
  });
});
