import { describe, expect, it } from 'vitest';
import { estimateCredits } from '../../src/api/cost-report.js';
import { nextPageEnd } from '../../src/api/query-history.js';

describe('credit estimates', () => {
  it('scale execution time by the warehouse size', () => {
    expect(estimateCredits(3_600_000, 'X-Small')).toBe(1);
    expect(estimateCredits(1_800_000, 'Medium')).toBe(2);
    expect(estimateCredits(36_000, 'LARGE')).toBeCloseTo(0.08, 10);
    expect(estimateCredits(3_600_000, 'unknown')).toBe(1);
  });
});

describe('query history pages', () => {
  const full = { rows: 100, oldestMs: 5_000, added: 3, seenBefore: 0 };
  it('go back to one millisecond past the oldest query of a full page', () => {
    expect(nextPageEnd(full, 9_000, { from: 1_000, to: 9_000 }, 100)).toBe(5_001);
  });
  it("stop at a page that is not full, or one reaching back past the run's start", () => {
    expect(nextPageEnd({ ...full, rows: 99 }, 9_000, { from: 1_000, to: 9_000 }, 100)).toBeUndefined();
    expect(nextPageEnd({ ...full, oldestMs: 900 }, 9_000, { from: 1_000, to: 9_000 }, 100)).toBeUndefined();
  });
  it("without the run's start, stop once a page adds none of its statements after some were found", () => {
    expect(nextPageEnd({ ...full, added: 0, seenBefore: 0 }, 9_000, { to: 9_000 }, 100)).toBe(5_001);
    expect(nextPageEnd({ ...full, added: 0, seenBefore: 7 }, 9_000, { to: 9_000 }, 100)).toBeUndefined();
  });
  it('always move back, even when a whole page ended in one millisecond', () => {
    expect(nextPageEnd({ ...full, oldestMs: 8_999 }, 9_000, { to: 9_000 }, 100)).toBe(8_999);
  });
});
