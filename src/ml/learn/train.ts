/**
 * Training an ML node on rows already read: encode features (categorical inputs one-hot over the
 * training rows' most frequent values), split by cutoff in time (earlier cutoffs train, the next
 * `validation_cutoffs` validate, the latest `test_cutoffs` test), fit the learner, pick the class
 * threshold on validation (never on test), and evaluate on test.
 */
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import { predict, type ModelArtifact, type ModelFeature } from './artifact.js';
import { trainGbdt, type TrainSet } from './gbdt.js';
import { trainLinear } from './linear.js';
import { classWeights } from '../spec/ml-params.js';
import { mlInputs } from '../spec/ml-spec.js';
import type { MlSpec } from '../../core/ml-spec.js';
import {
  bestF1Threshold,
  classificationMetrics,
  regressionMetrics,
  type ClassificationMetrics,
  type RegressionMetrics,
} from './metrics.js';
import type { TrainingRows } from './training-rows.js';

const MAX_CATEGORIES = 30;

interface TimeSplit {
  readonly train: number[];
  readonly valid: number[];
  readonly test: number[];
  readonly cutoffs: { readonly train: string[]; readonly valid: string[]; readonly test: string[] };
}

export interface Evaluation {
  readonly split: {
    readonly rows: Record<'train' | 'valid' | 'test', number>;
    readonly cutoffs: TimeSplit['cutoffs'];
  };
  readonly validation: ClassificationMetrics | RegressionMetrics;
  readonly test: ClassificationMetrics | RegressionMetrics;
  readonly importance: { readonly feature: string; readonly value: number }[];
  readonly bestRound?: number;
  readonly trainMean: number;
}

export interface Trained {
  readonly artifact: ModelArtifact;
  readonly evaluation: Evaluation;
  readonly threads: number;
  readonly split: TimeSplit;
  /** The test rows as the learner sees them (for comparing another version on the same rows). */
  readonly test: TrainSet;
  readonly testScores: Float64Array;
}

/** The time split of the rows (by their cutoffs): deterministic, so the same rows always split alike. */
export function splitByCutoff(cutoffs: readonly string[], spec: MlSpec): TimeSplit {
  const distinct = [...new Set(cutoffs)].sort();
  const { validationCutoffs: v, testCutoffs: t } = spec.split;
  if (distinct.length < v + t + 1) {
    throw ForgeError.of(
      Codes.mlEmpty,
      `${spec.name} needs at least ${v + t + 1} distinct ${spec.cutoff.name} values to split in time ` +
        `(${v} validation, ${t} test, ≥ 1 train); the training rows have ${distinct.length}`,
      spec.cutoff.location,
      'lower split.validation_cutoffs / split.test_cutoffs, or build more history',
    );
  }
  const test = new Set(distinct.slice(-t)),
    valid = new Set(distinct.slice(-(v + t), -t));
  const out: TimeSplit = {
    train: [],
    valid: [],
    test: [],
    cutoffs: { train: distinct.slice(0, -(v + t)), valid: [...valid], test: [...test] },
  };
  cutoffs.forEach((c, i) => (test.has(c) ? out.test : valid.has(c) ? out.valid : out.train).push(i));
  return out;
}

/** Numeric inputs as they are; each categorical input as indicators of its most frequent training values. */
function encodeFeatures(spec: MlSpec, data: TrainingRows, train: readonly number[]): ModelFeature[] {
  const features: ModelFeature[] = spec.features.map((f) => ({
    name: f.name,
    input: f.name,
    kind: 'numeric',
  }));
  for (const c of spec.categorical) {
    const counts = new Map<string, number>();
    const column = data.categorical.get(c.name) ?? [];
    for (const i of train) {
      const v = column[i];
      if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_CATEGORIES)
      .map(([v]) => v);
    for (const value of values)
      features.push({ name: `${c.name}=${value}`, input: c.name, kind: 'onehot', value });
  }
  return features;
}

/** The learner's matrix for some rows: numeric inputs as read, one-hot indicators computed. */
function matrixOf(
  features: readonly ModelFeature[],
  data: TrainingRows,
  indices: readonly number[],
): TrainSet {
  const columns = features.map((f) => {
    if (f.kind === 'numeric') {
      const values = data.numeric.get(f.input) as Float64Array;
      return Float64Array.from(indices, (i) => values[i] as number);
    }
    const values = data.categorical.get(f.input) ?? [];
    return Float64Array.from(indices, (i) => (values[i] === f.value ? 1 : 0));
  });
  return { rows: indices.length, columns, label: Float64Array.from(indices, (i) => data.label[i] as number) };
}

function scoreSet(artifact: ModelArtifact, set: TrainSet): Float64Array {
  const values = new Float64Array(set.columns.length);
  return Float64Array.from({ length: set.rows }, (_, i) => {
    set.columns.forEach((c, j) => {
      values[j] = c[i] as number;
    });
    return predict(artifact, values);
  });
}

export function evaluateOn(
  artifact: ModelArtifact,
  set: TrainSet,
  trainMean: number,
): ClassificationMetrics | RegressionMetrics {
  const scores = scoreSet(artifact, set);
  return artifact.task === 'classification'
    ? classificationMetrics(set.label, scores, artifact.threshold ?? 0.5)
    : regressionMetrics(set.label, scores, trainMean);
}

export async function trainModel(
  spec: MlSpec,
  data: TrainingRows,
  threads: number,
  onRound?: (round: number) => void,
): Promise<Trained> {
  const split = splitByCutoff(data.cutoffs, spec);
  const features = encodeFeatures(spec, data, split.train);
  const [train, valid, test] = [split.train, split.valid, split.test].map((idx) =>
    matrixOf(features, data, idx),
  ) as [TrainSet, TrainSet, TrainSet];
  const task = spec.task,
    loss = task === 'classification' ? 'logistic' : 'squared';
  const weights =
    task === 'classification'
      ? classWeights(spec.params.classWeight, train.label)
      : ([1, 1] as [number, number]);
  const fit =
    spec.params.kind === 'gbdt'
      ? await trainGbdt(train, valid, { ...spec.params, loss, classWeights: weights, threads }, onRound)
      : {
          ...trainLinear(train, { ...spec.params, loss, classWeights: weights }),
          bestRound: undefined,
          threads: 1,
        };
  const base: ModelArtifact = {
    format: 'forge-ml/1',
    name: spec.name,
    task,
    algorithm: spec.algorithm,
    inputs: mlInputs(spec),
    features,
    model: fit.model,
  };
  const validScores = scoreSet(base, valid);
  const threshold =
    task !== 'classification'
      ? undefined
      : spec.threshold.policy === 'fixed'
        ? spec.threshold.value
        : bestF1Threshold(valid.label, validScores).threshold;
  const artifact: ModelArtifact = threshold === undefined ? base : { ...base, threshold };
  const trainMean = train.label.reduce((a, b) => a + b, 0) / Math.max(1, train.rows);
  const evaluation: Evaluation = {
    split: { rows: { train: train.rows, valid: valid.rows, test: test.rows }, cutoffs: split.cutoffs },
    validation: evaluateOn(artifact, valid, trainMean),
    test: evaluateOn(artifact, test, trainMean),
    importance: features
      .map((f, j) => ({ feature: f.name, value: fit.importance[j] ?? 0 }))
      .sort((a, b) => b.value - a.value),
    ...(fit.bestRound !== undefined ? { bestRound: fit.bestRound } : {}),
    trainMean,
  };
  return { artifact, evaluation, threads: fit.threads, split, test, testScores: scoreSet(artifact, test) };
}
