/**
 * A trained model as plain JSON (the registry row, the file under target/) and its scoring in
 * TypeScript. The SQL compilation of the same artifact is in compile/ml/to-sql.ts; the two must agree to 1e-9.
 * Trees use XGBoost's flat layout: per tree, arrays indexed by node; a leaf has left = -1.
 */
import type { MlTask, Algorithm, ModelInput } from '../../core/ml-spec.js';

/** A numeric column the learner sees: an input as is, or one category of a categorical input (1/0). */
export type ModelFeature =
  | { readonly name: string; readonly input: string; readonly kind: 'numeric' }
  | { readonly name: string; readonly input: string; readonly kind: 'onehot'; readonly value: string };

/** z = intercept + Σ coef_j · (x_j, or impute_j when x_j is missing). */
export interface LinearModel {
  readonly kind: 'linear';
  readonly intercept: number;
  readonly coef: readonly number[];
  readonly impute: readonly number[];
}

export interface Tree {
  readonly feature: readonly number[];
  /** null = +∞ (only missing values go right). */
  readonly threshold: readonly (number | null)[];
  readonly defaultLeft: readonly boolean[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

/** z = base + Σ trees' leaf values, summed in tree order. */
export interface TreeModel {
  readonly kind: 'trees';
  readonly base: number;
  readonly trees: readonly Tree[];
}

export interface ModelArtifact {
  readonly format: 'forge-ml/1';
  readonly name: string;
  readonly task: MlTask;
  readonly algorithm: Algorithm;
  readonly inputs: readonly ModelInput[];
  readonly features: readonly ModelFeature[];
  readonly model: LinearModel | TreeModel;
  /** Classification: probability at or above which the class is 1 (chosen on validation). */
  readonly threshold?: number;
}

export type InputRow = Readonly<Record<string, unknown>>;

/** The learner's feature value of one row: NaN when missing. */
function featureValue(feature: ModelFeature, row: InputRow): number {
  const raw = row[feature.input];
  if (feature.kind === 'onehot') return raw === feature.value ? 1 : 0;
  if (raw === null || raw === undefined) return Number.NaN;
  const value = typeof raw === 'bigint' ? Number(raw) : Number(raw);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** The raw score (log-odds for classification). */
function rawScore(artifact: ModelArtifact, values: ArrayLike<number>): number {
  const model = artifact.model;
  if (model.kind === 'linear') {
    let z = model.intercept;
    for (let j = 0; j < model.coef.length; j++) {
      const x = values[j] as number;
      z += (model.coef[j] as number) * (Number.isNaN(x) ? (model.impute[j] as number) : x);
    }
    return z;
  }
  let z = model.base;
  for (const tree of model.trees) z += leafValue(tree, values);
  return z;
}

function leafValue(tree: Tree, values: ArrayLike<number>): number {
  let node = 0;
  while ((tree.left[node] as number) >= 0) {
    const x = values[tree.feature[node] as number] as number;
    const threshold = tree.threshold[node];
    const goLeft = Number.isNaN(x)
      ? (tree.defaultLeft[node] as boolean)
      : threshold === null || threshold === undefined || x <= threshold;
    node = goLeft ? (tree.left[node] as number) : (tree.right[node] as number);
  }
  return tree.value[node] as number;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The prediction: a probability (classification) or a value (regression). */
export function predict(artifact: ModelArtifact, values: ArrayLike<number>): number {
  const z = rawScore(artifact, values);
  return artifact.task === 'classification' ? sigmoid(z) : z;
}

export function predictRow(artifact: ModelArtifact, row: InputRow): number {
  return predict(
    artifact,
    artifact.features.map((f) => featureValue(f, row)),
  );
}
