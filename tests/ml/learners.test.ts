import { describe, expect, it } from 'vitest';
import { predict, type ModelArtifact } from '../../src/ml/learn/artifact.js';
import { trainGbdt, type GbdtParams, type TrainSet } from '../../src/ml/learn/gbdt.js';
import { trainLinear } from '../../src/ml/learn/linear.js';
import { rocCurve } from '../../src/ml/learn/metrics.js';
import { synthetic } from './ml-data.js';

const GBDT: GbdtParams = {
  trees: 200,
  maxDepth: 4,
  learningRate: 0.1,
  lambda: 1,
  minLeafRows: 20,
  minChildHessian: 1e-3,
  minGain: 0,
  maxBins: 64,
  earlyStoppingRounds: 20,
  loss: 'logistic',
  classWeights: [1, 1],
  threads: 1,
};

function slice(data: TrainSet, from: number, to: number): TrainSet {
  return {
    rows: to - from,
    columns: data.columns.map((c) => c.subarray(from, to)),
    label: data.label.subarray(from, to),
  };
}

function artifactOf(
  model: ModelArtifact['model'],
  features: number,
  task: ModelArtifact['task'] = 'classification',
): ModelArtifact {
  const names = Array.from({ length: features }, (_, i) => `x${i}`);
  return {
    format: 'forge-ml/1',
    name: 't',
    task,
    algorithm: model.kind === 'trees' ? 'gbdt' : 'logistic',
    inputs: names.map((name) => ({ name, type: 'numeric' })),
    features: names.map((name) => ({ name, input: name, kind: 'numeric' })),
    model,
  };
}

function scores(artifact: ModelArtifact, data: TrainSet): Float64Array {
  return Float64Array.from({ length: data.rows }, (_, i) =>
    predict(
      artifact,
      data.columns.map((c) => c[i] as number),
    ),
  );
}

describe('histogram GBDT', () => {
  const data = synthetic(30_000, 7);
  const train = slice(data, 0, 20_000),
    valid = slice(data, 20_000, 25_000),
    test = slice(data, 25_000, 30_000);

  it('learns a non-linear problem close to the oracle AUC, with missing values', async () => {
    const result = await trainGbdt(train, valid, GBDT);
    const model = artifactOf(result.model, 5);
    const auc = rocCurve(test.label, scores(model, test)).auc;
    const oracle = rocCurve(test.label, data.oracle.subarray(25_000)).auc;
    expect(auc).toBeGreaterThan(oracle - 0.02);
    expect(auc).toBeLessThan(oracle + 0.01);
    expect(result.bestRound).toBeGreaterThan(10);
    // x0 and x1 carry the most signal; the noise-free-of-signal feature count is 5, all used somewhat
    expect(result.importance[0]).toBeGreaterThan(result.importance[4] as number);
  });

  it('is deterministic, and the same on one thread and on two', async () => {
    const one = await trainGbdt(train, valid, { ...GBDT, trees: 30 });
    const again = await trainGbdt(train, valid, { ...GBDT, trees: 30 });
    const two = await trainGbdt(train, valid, { ...GBDT, trees: 30, threads: 2 });
    expect(JSON.stringify(again.model)).toBe(JSON.stringify(one.model));
    expect(two.threads).toBe(2);
    expect(JSON.stringify(two.model)).toBe(JSON.stringify(one.model));
  });

  it('stops early when validation loss stops improving and keeps the best round', async () => {
    const result = await trainGbdt(slice(data, 0, 2_000), valid, {
      ...GBDT,
      trees: 500,
      learningRate: 0.5,
      minLeafRows: 1,
    });
    expect(result.model.trees.length).toBe(result.bestRound);
    expect(result.validationLoss.length).toBeLessThan(500);
    const best = Math.min(...result.validationLoss);
    expect(result.validationLoss[result.bestRound - 1]).toBe(best);
  });

  it('fits a regression target with squared loss', async () => {
    const rows = 5_000;
    const x = Float64Array.from({ length: rows }, (_, i) => (i % 100) / 10);
    const y = Float64Array.from(x, (v) => (v < 5 ? 2 : 7));
    const result = await trainGbdt({ rows, columns: [x], label: y }, undefined, {
      ...GBDT,
      loss: 'squared',
      trees: 50,
      learningRate: 0.5,
    });
    const model = artifactOf(result.model, 1, 'regression');
    expect(predict(model, [1])).toBeCloseTo(2, 6);
    expect(predict(model, [9])).toBeCloseTo(7, 6);
    expect(predict(model, [4.9])).toBeCloseTo(2, 6);
  });

  it('learns which way missing values go', async () => {
    const rows = 4_000;
    const x = Float64Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? Number.NaN : (i % 7) / 7));
    const y = Float64Array.from(x, (v) => (Number.isNaN(v) ? 1 : 0));
    const result = await trainGbdt({ rows, columns: [x], label: y }, undefined, {
      ...GBDT,
      trees: 20,
      minLeafRows: 1,
    });
    const model = artifactOf(result.model, 1);
    expect(predict(model, [Number.NaN])).toBeGreaterThan(0.9);
    expect(predict(model, [0.5])).toBeLessThan(0.1);
  });
});

describe('linear learners', () => {
  it('ridge with a tiny penalty recovers an exact linear relation', () => {
    const rows = 200;
    const a = Float64Array.from({ length: rows }, (_, i) => i / 10),
      b = Float64Array.from({ length: rows }, (_, i) => Math.sin(i));
    const y = Float64Array.from({ length: rows }, (_, i) => 3 * (a[i] as number) - 2 * (b[i] as number) + 1);
    const { model } = trainLinear(
      { rows, columns: [a, b], label: y },
      { l2: 1e-9, loss: 'squared', classWeights: [1, 1], maxIterations: 50 },
    );
    expect(model.coef[0]).toBeCloseTo(3, 6);
    expect(model.coef[1]).toBeCloseTo(-2, 6);
    expect(model.intercept).toBeCloseTo(1, 6);
  });

  it('logistic regression reaches a stationary point: the penalized gradient is zero (gradient check)', () => {
    const data = synthetic(5_000, 3, 3);
    const columns = data.columns.map((c) => Float64Array.from(c, (v) => (Number.isNaN(v) ? 0 : v)));
    const l2 = 2;
    const { model } = trainLinear(
      { rows: data.rows, columns, label: data.label },
      { l2, loss: 'logistic', classWeights: [1, 1], maxIterations: 50 },
    );
    // the penalty is on standardized coefficients; check the raw-scale loss numerically in the intercept
    // direction (unpenalized): d/db Σ logloss = Σ (p − y) must vanish.
    let gradient = 0;
    for (let i = 0; i < data.rows; i++) {
      const z =
        model.intercept +
        model.coef.reduce((acc, c, j) => acc + c * ((columns[j] as Float64Array)[i] as number), 0);
      gradient += 1 / (1 + Math.exp(-z)) - (data.label[i] as number);
    }
    expect(Math.abs(gradient)).toBeLessThan(1e-6);
    // and a finite-difference check of the full penalized objective along each coefficient
    const sds = columns.map((c) => {
      const m = c.reduce((a, v) => a + v, 0) / c.length;
      return Math.sqrt(c.reduce((a, v) => a + (v - m) ** 2, 0) / (c.length - 1));
    });
    const objective = (coef: number[], intercept: number): number => {
      let total = 0;
      for (let i = 0; i < data.rows; i++) {
        const z =
          intercept + coef.reduce((acc, c, j) => acc + c * ((columns[j] as Float64Array)[i] as number), 0);
        total += Math.max(z, 0) - z * (data.label[i] as number) + Math.log1p(Math.exp(-Math.abs(z)));
      }
      return total + (l2 / 2) * coef.reduce((acc, c, j) => acc + (c * (sds[j] as number)) ** 2, 0);
    };
    const means = columns.map((c) => c.reduce((a, v) => a + v, 0) / c.length);
    model.coef.forEach((_, j) => {
      const h = 1e-5;
      // moving a raw coefficient while keeping the standardized intercept fixed shifts the raw intercept
      const up = model.coef.map((c, k) => (k === j ? c + h : c)),
        down = model.coef.map((c, k) => (k === j ? c - h : c));
      const slope =
        (objective(up, model.intercept - h * (means[j] as number)) -
          objective(down, model.intercept + h * (means[j] as number))) /
        (2 * h);
      expect(Math.abs(slope)).toBeLessThan(1e-3);
    });
  });
});
