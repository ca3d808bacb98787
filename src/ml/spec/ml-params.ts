/**
 * Learner parameters from an ml node's `params:` with their defaults. Class weights may be
 * `balanced` (n / (2 · class count), resolved on the training rows) or `[negative, positive]`.
 */
import type { YamlValidator } from '../../project/validate.js';
import type {
  Algorithm,
  MlTask,
  ClassWeight,
  GbdtSettings,
  LinearSettings,
  LearnerParams,
} from '../../core/ml-spec.js';

const GBDT_DEFAULTS: Record<string, [keyof GbdtSettings, number, number, number]> = {
  // yaml key: [field, default, min, max]
  trees: ['trees', 200, 1, 100_000],
  max_depth: ['maxDepth', 4, 1, 12],
  learning_rate: ['learningRate', 0.1, 1e-6, 1],
  l2: ['lambda', 1, 0, 1e9],
  min_leaf_rows: ['minLeafRows', 20, 1, 1e9],
  min_child_hessian: ['minChildHessian', 1e-3, 0, 1e9],
  min_gain: ['minGain', 0, 0, 1e9],
  max_bins: ['maxBins', 64, 4, 256],
  early_stopping_rounds: ['earlyStoppingRounds', 20, 0, 100_000],
};

const LINEAR_DEFAULTS: Record<string, [keyof LinearSettings, number, number, number]> = {
  l2: ['l2', 1, 0, 1e9],
  max_iterations: ['maxIterations', 50, 1, 1000],
};

export function readParams(
  v: YamlValidator,
  value: unknown,
  path: (string | number)[],
  algorithm: Algorithm,
  task: MlTask,
): LearnerParams {
  const o = v.object(value, path, 'params') ?? {};
  const table = algorithm === 'gbdt' ? GBDT_DEFAULTS : LINEAR_DEFAULTS;
  const keys = [...Object.keys(table), ...(task === 'classification' ? ['class_weight'] : [])];
  v.knownKeys(o, path, keys, `params of ${algorithm}`);
  const out: Record<string, unknown> = {
    kind: algorithm === 'gbdt' ? 'gbdt' : 'linear',
    classWeight: readClassWeight(v, o['class_weight'], [...path, 'class_weight']),
  };
  for (const [key, [field, fallback, min, max]] of Object.entries(table)) {
    const given = o[key] ?? fallback;
    const ok =
      typeof given === 'number' &&
      given >= min &&
      given <= max &&
      (Number.isInteger(fallback) && fallback >= 1 ? Number.isInteger(given) : true);
    if (!ok)
      v.error([...path, key], `${key} must be a number from ${min} to ${max}, got ${JSON.stringify(given)}`);
    out[field] = ok ? given : fallback;
  }
  return out as unknown as LearnerParams;
}

function readClassWeight(v: YamlValidator, value: unknown, path: (string | number)[]): ClassWeight {
  if (value === undefined || value === 'none') return 'none';
  if (value === 'balanced') return 'balanced';
  if (Array.isArray(value) && value.length === 2 && value.every((w) => typeof w === 'number' && w > 0))
    return [value[0] as number, value[1] as number];
  v.error(path, `class_weight must be none, balanced or [negative, positive], got ${JSON.stringify(value)}`);
  return 'none';
}

/** The weights per class for these labels. */
export function classWeights(weight: ClassWeight, label: ArrayLike<number>): [number, number] {
  if (weight === 'none') return [1, 1];
  if (weight !== 'balanced') return [weight[0], weight[1]];
  let positives = 0;
  for (let i = 0; i < label.length; i++) if ((label[i] as number) > 0.5) positives++;
  const negatives = label.length - positives;
  return positives === 0 || negatives === 0
    ? [1, 1]
    : [label.length / (2 * negatives), label.length / (2 * positives)];
}
