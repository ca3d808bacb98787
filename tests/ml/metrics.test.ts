// Metrics against values computed by hand.
import { describe, expect, it } from 'vitest';
import {
  bestF1Threshold,
  classificationMetrics,
  prCurve,
  regressionMetrics,
  rocCurve,
} from '../../src/ml/learn/metrics.js';

describe('metrics', () => {
  // scores:  0.9 0.8 0.7 0.6 0.55 0.4 0.3 0.2
  // labels:   1   1   0   1   0    0   1   0
  const label = [1, 1, 0, 1, 0, 0, 1, 0];
  const score = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];

  it('ROC-AUC is the share of (positive, negative) pairs ranked right', () => {
    // positives at ranks 1,2,4,7; pairs ranked right: 4 + 4 + 3 + 1 = 12 of 16
    expect(rocCurve(label, score).auc).toBeCloseTo(12 / 16, 12);
  });

  it('ties count half', () => {
    expect(rocCurve([1, 0], [0.5, 0.5]).auc).toBeCloseTo(0.5, 12);
    expect(rocCurve([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1]).auc).toBeCloseTo((2 + 1 + 0.5) / 4, 12);
  });

  it('PR-AUC is average precision: mean precision at each positive', () => {
    // precision at positives: 1/1, 2/2, 3/4, 4/7
    expect(prCurve(label, score).auc).toBeCloseTo((1 + 1 + 3 / 4 + 4 / 7) / 4, 12);
  });

  it('classification report, confusion matrix, Brier, lift and baselines at a threshold', () => {
    const m = classificationMetrics(label, score, 0.5);
    // predicted 1: first five rows (0.9 … 0.55): tp 3, fp 2; fn 1, tn 2
    expect(m.confusion).toEqual([
      [2, 2],
      [1, 3],
    ]);
    expect(m.report['1']).toEqual({
      precision: 3 / 5,
      recall: 3 / 4,
      f1: (2 * (3 / 5) * (3 / 4)) / (3 / 5 + 3 / 4),
      support: 4,
    });
    expect(m.report['0'].precision).toBeCloseTo(2 / 3, 12);
    expect(m.report['0'].recall).toBeCloseTo(2 / 4, 12);
    expect(m.prevalence).toBe(0.5);
    const brier = score.reduce((acc, p, i) => acc + (p - (label[i] as number)) ** 2, 0) / 8;
    expect(m.brier).toBeCloseTo(brier, 12);
    expect(m.liftAt10).toBeCloseTo(1 / 0.5, 12); // top 1 row is a positive: rate 1 over prevalence 0.5
    expect(m.baselines).toEqual({ majorityAccuracy: 0.5, allPositiveF1: (2 * 0.5) / 1.5, noSkillPrAuc: 0.5 });
    expect(m.reliability.reduce((acc, r) => acc + r[2], 0)).toBe(8);
  });

  it('all-positive F1 is 2π/(1+π) (0.857 at π = 0.75)', () => {
    const m = classificationMetrics([1, 1, 1, 0], [0.9, 0.8, 0.7, 0.6], 0);
    expect(m.report['1'].f1).toBeCloseTo(0.857, 3);
    expect(m.baselines.allPositiveF1).toBeCloseTo(m.report['1'].f1, 12);
  });

  it('picks the threshold with the best F1', () => {
    // thresholds at each score; F1 at 0.6 (tp 3, fp 1, fn 1) = 0.75, at 0.8 (tp 2, fn 2) = 0.667, at 0.3 (tp 4, fp 3) = 0.727
    expect(bestF1Threshold(label, score)).toEqual({ threshold: 0.6, f1: 0.75 });
  });

  it('regression metrics beside the mean baseline', () => {
    const m = regressionMetrics([1, 2, 3, 4], [1.5, 2, 2.5, 4], 2.5);
    expect(m.mse).toBeCloseTo((0.25 + 0 + 0.25 + 0) / 4, 12);
    expect(m.mae).toBeCloseTo(0.25, 12);
    expect(m.r2).toBeCloseTo(1 - 0.5 / 5, 12);
    expect(m.baselines.meanMse).toBeCloseTo((2.25 + 0.25 + 0.25 + 2.25) / 4, 12);
  });
});
