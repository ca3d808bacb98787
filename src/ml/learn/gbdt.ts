/**
 * Histogram gradient-boosted trees: quantile bins (bin 0 = missing, with a learned default direction
 * per split), depth-wise growth where the smaller child's histogram is built and the larger one's is
 * the parent's minus it, Newton leaf values −G/(H+λ) scaled by the learning rate, and early stopping
 * on the validation loss (the trees after the best round are dropped). Logistic loss for
 * classification (optional class weights), squared loss for regression. Deterministic: no sampling.
 */
import type { Tree, TreeModel } from './artifact.js';
import { binColumns, binOf, quantileThresholds, thresholdOfBin, type FeatureBins } from './binning.js';
import { CHUNKS, type SharedData, type SplitCandidate, type SplitRule } from './gbdt-kernel.js';
import { startRunner, type HistogramRunner } from './gbdt-pool.js';
import { growTree, type GrownTree } from './gbdt-tree.js';
import type { GbdtSettings } from '../../core/ml-spec.js';

/** The learner's settings (ml-params.ts documents each) plus what training resolves. */
export type GbdtParams = Omit<GbdtSettings, 'kind' | 'classWeight'> & {
  readonly loss: 'logistic' | 'squared';
  /** Weight of each class for the logistic loss: [negative, positive]. */
  readonly classWeights: readonly [number, number];
  readonly threads: number;
};

export interface TrainSet {
  readonly rows: number;
  /** One column per feature, NaN for missing. */
  readonly columns: readonly Float64Array[];
  readonly label: Float64Array;
}

interface GbdtResult {
  readonly model: TreeModel;
  /** Total split gain per feature. */
  readonly importance: number[];
  readonly bestRound: number;
  readonly validationLoss: number[];
  readonly threads: number;
}

export async function trainGbdt(
  train: TrainSet,
  valid: TrainSet | undefined,
  params: GbdtParams,
  onRound?: (round: number, loss: number | undefined) => void,
): Promise<GbdtResult> {
  const bins = train.columns.map((c) => quantileThresholds(c, Math.min(params.maxBins, 256)));
  const data = sharedData(train, bins, params.maxDepth);
  const runner = startRunner(data, params.threads);
  try {
    return await boost(train, valid, params, { data, bins, runner }, onRound);
  } finally {
    await runner.close();
  }
}

interface Engine {
  readonly data: SharedData;
  readonly bins: readonly FeatureBins[];
  readonly runner: HistogramRunner;
}

async function boost(
  train: TrainSet,
  valid: TrainSet | undefined,
  params: GbdtParams,
  engine: Engine,
  onRound?: (round: number, loss: number | undefined) => void,
): Promise<GbdtResult> {
  const weights = Float64Array.from(train.label, (y) =>
    params.loss === 'logistic' ? params.classWeights[y > 0.5 ? 1 : 0] : 1,
  );
  const base = baseScore(train.label, weights, params.loss);
  const score = new Float64Array(train.rows).fill(base);
  const validBins =
    valid &&
    valid.columns.map((c, f) =>
      Float64Array.from(c, (v) => binOf(v, (engine.bins[f] as FeatureBins).thresholds)),
    );
  const validScore = valid && new Float64Array(valid.rows).fill(base);
  const rule: SplitRule = {
    lambda: params.lambda,
    minLeafRows: Math.max(1, params.minLeafRows),
    minChildHessian: params.minChildHessian,
  };
  const trees: GrownTree[] = [];
  const importance = new Array<number>(train.columns.length).fill(0);
  const history: number[] = [];
  let best = { round: 0, loss: Number.POSITIVE_INFINITY };
  for (let round = 1; round <= params.trees; round++) {
    gradients(train.label, score, weights, params.loss, engine.data);
    const tree = await growTree(engine.data, engine.runner, { ...params, rule });
    tree.leaves.forEach((leaf) => {
      for (let k = leaf.start; k < leaf.end; k++) {
        const r = engine.data.rowIndex[k] as number;
        score[r] = (score[r] as number) + leaf.value;
      }
    });
    tree.splits.forEach((s) => {
      importance[s.feature] = (importance[s.feature] ?? 0) + s.gain;
    });
    trees.push(tree);
    let loss: number | undefined;
    if (valid && validBins && validScore) {
      for (let i = 0; i < valid.rows; i++)
        validScore[i] = (validScore[i] as number) + binnedLeaf(tree, validBins, i);
      loss = lossOf(valid.label, validScore, params.loss);
      history.push(loss);
      if (loss < best.loss - 1e-12) best = { round, loss };
      else if (params.earlyStoppingRounds > 0 && round - best.round >= params.earlyStoppingRounds) {
        onRound?.(round, loss);
        break;
      }
    } else {
      best = { round, loss: Number.NaN };
    }
    onRound?.(round, loss);
  }
  const kept = params.earlyStoppingRounds > 0 ? trees.slice(0, best.round) : trees;
  return {
    model: { kind: 'trees', base, trees: kept.map((t) => toArtifactTree(t, engine.bins)) },
    importance,
    bestRound: best.round,
    validationLoss: history,
    threads: engine.runner.threads,
  };
}

function sharedData(train: TrainSet, bins: readonly FeatureBins[], maxDepth: number): SharedData {
  const rows = train.rows;
  const binCounts = Int32Array.from(bins, (b) => b.count);
  const offsets = new Int32Array(bins.length);
  let total = 0;
  bins.forEach((b, f) => {
    offsets[f] = total;
    total += b.count;
  });
  const binned = new Uint8Array(new SharedArrayBuffer(Math.max(1, rows * bins.length)));
  binColumns(train.columns, bins, rows, binned);
  const slots = 2 * 2 ** Math.min(maxDepth, 14);
  return {
    rows,
    features: bins.length,
    bins: binned,
    binCounts,
    offsets,
    totalBins: total,
    grad: new Float64Array(new SharedArrayBuffer(8 * Math.max(1, rows))),
    hess: new Float64Array(new SharedArrayBuffer(8 * Math.max(1, rows))),
    rowIndex: new Uint32Array(new SharedArrayBuffer(4 * Math.max(1, rows))),
    hist: new Float64Array(3 * total * slots),
    partial: new Float64Array(new SharedArrayBuffer(8 * 3 * total * slots * CHUNKS)),
    slots,
  };
}

function baseScore(label: Float64Array, weights: Float64Array, loss: GbdtParams['loss']): number {
  let sw = 0,
    sy = 0;
  for (let i = 0; i < label.length; i++) {
    sw += weights[i] as number;
    sy += (weights[i] as number) * (label[i] as number);
  }
  const mean = sw > 0 ? sy / sw : 0;
  if (loss === 'squared') return mean;
  const p = Math.min(1 - 1e-6, Math.max(1e-6, mean));
  return Math.log(p / (1 - p));
}

function gradients(
  label: Float64Array,
  score: Float64Array,
  weights: Float64Array,
  loss: GbdtParams['loss'],
  data: SharedData,
): void {
  for (let i = 0; i < label.length; i++) {
    const w = weights[i] as number;
    if (loss === 'squared') {
      data.grad[i] = w * ((score[i] as number) - (label[i] as number));
      data.hess[i] = w;
    } else {
      const p = 1 / (1 + Math.exp(-(score[i] as number)));
      data.grad[i] = w * (p - (label[i] as number));
      data.hess[i] = Math.max(w * p * (1 - p), 1e-16);
    }
  }
}

function lossOf(label: Float64Array, score: Float64Array, loss: GbdtParams['loss']): number {
  let total = 0;
  for (let i = 0; i < label.length; i++) {
    const y = label[i] as number,
      z = score[i] as number;
    if (loss === 'squared') total += (z - y) ** 2;
    else total += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return label.length > 0 ? total / label.length : 0;
}

function binnedLeaf(tree: GrownTree, columns: readonly Float64Array[], row: number): number {
  let node = 0;
  for (;;) {
    const n = tree.nodes[node];
    if (!n || n.split === undefined) return n?.value ?? 0;
    const bin = (columns[n.split.feature] as Float64Array)[row] as number;
    node = (bin === 0 ? n.split.defaultLeft : bin <= n.split.bin) ? n.left : n.right;
  }
}

function toArtifactTree(tree: GrownTree, bins: readonly FeatureBins[]): Tree {
  const t = {
    feature: [] as number[],
    threshold: [] as (number | null)[],
    defaultLeft: [] as boolean[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
  };
  for (const n of tree.nodes) {
    const split: SplitCandidate | undefined = n.split;
    const threshold = split ? thresholdOfBin(bins[split.feature] as FeatureBins, split.bin) : 0;
    t.feature.push(split?.feature ?? -1);
    t.threshold.push(Number.isFinite(threshold) ? threshold : null);
    t.defaultLeft.push(split?.defaultLeft ?? false);
    t.left.push(split ? n.left : -1);
    t.right.push(split ? n.right : -1);
    t.value.push(split ? 0 : n.value);
  }
  return t;
}
