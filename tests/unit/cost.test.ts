import { describe, expect, it } from 'vitest';
import { estimateCredits } from '../../src/api/cost-report.js';

describe('credit estimates', () => {
  it('scale execution time by the warehouse size', () => {
    expect(estimateCredits(3_600_000, 'X-Small')).toBe(1);
    expect(estimateCredits(1_800_000, 'Medium')).toBe(2);
    expect(estimateCredits(36_000, 'LARGE')).toBeCloseTo(0.08, 10);
    expect(estimateCredits(3_600_000, 'unknown')).toBe(1);
  });
});
