/**
 * Compiles a model artifact to one SQL expression over its inputs (by name) that computes what
 * ml/learn/artifact.ts computes, in the same order of floating-point operations: numbers are written in
 * shortest round-trip exponent form (a DOUBLE literal on DuckDB and Snowflake), sums are left to right
 * in tree/coefficient order, a missing value follows the split's learned default direction through
 * `coalesce(x <= t, default)`. The same text serves DuckDB and Snowflake.
 */
import type { ModelArtifact, ModelFeature, Tree } from '../../ml/learn/artifact.js';

/** A DOUBLE literal that round-trips exactly; negative ones parenthesized (so `- -x` cannot become a comment). */
export function doubleLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
  const text = value.toExponential();
  return value < 0 || Object.is(value, -0) ? `(${text})` : text;
}

function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The learner's feature as SQL: the input itself, or a 1/0 indicator of one category. */
function featureSql(feature: ModelFeature): string {
  return feature.kind === 'onehot'
    ? `(case when ${feature.input} = ${stringLiteral(feature.value)} then 1 else 0 end)`
    : feature.input;
}

function treeSql(tree: Tree, node: number, features: readonly string[]): string {
  if ((tree.left[node] as number) < 0) return doubleLiteral(tree.value[node] as number);
  const x = features[tree.feature[node] as number] as string;
  const threshold = tree.threshold[node];
  const defaultLeft = tree.defaultLeft[node] as boolean;
  const goLeft =
    threshold === null || threshold === undefined
      ? defaultLeft
        ? 'true'
        : `${x} is not null`
      : `coalesce(${x} <= ${doubleLiteral(threshold)}, ${defaultLeft})`;
  return `case when ${goLeft} then ${treeSql(tree, tree.left[node] as number, features)} else ${treeSql(tree, tree.right[node] as number, features)} end`;
}

/** The raw score (log-odds or value) as SQL. */
function rawScoreSql(artifact: ModelArtifact): string {
  const features = artifact.features.map(featureSql);
  const model = artifact.model;
  if (model.kind === 'linear') {
    const terms = model.coef.map((c, j) => {
      const feature = artifact.features[j] as ModelFeature;
      const x =
        feature.kind === 'onehot'
          ? features[j]
          : `coalesce(${features[j]}, ${doubleLiteral(model.impute[j] as number)})`;
      return `${doubleLiteral(c)} * ${x}`;
    });
    return [doubleLiteral(model.intercept), ...terms].join('\n  + ');
  }
  return [doubleLiteral(model.base), ...model.trees.map((t) => `(${treeSql(t, 0, features)})`)].join(
    '\n  + ',
  );
}

/** Probability (classification) or value (regression). */
export function predictionSql(artifact: ModelArtifact): string {
  const raw = rawScoreSql(artifact);
  return artifact.task === 'classification' ? `1 / (1 + exp(-(\n  ${raw}\n)))` : raw;
}

/** 1 when the probability (given as SQL) reaches the artifact's threshold, else 0. */
export function classSql(artifact: ModelArtifact, probability: string): string {
  return `case when ${probability} >= ${doubleLiteral(artifact.threshold ?? 0.5)} then 1 else 0 end`;
}
