/** The SELECT of an ML node's training rows: its compiled SQL (compile.ts), and what execute/ml/training-data.ts reads. */
import type { MlSpec } from '../../core/ml-spec.js';

/** The SELECT over the training relation (numeric features as DOUBLE, booleans as 0/1). */
export function trainingQuery(spec: MlSpec, relation: string, sample?: string): string {
  const columns = [
    `${spec.entity.name}`,
    `cast(${spec.cutoff.name} as varchar) as forge_cutoff`,
    `cast(${spec.label.name} as double) as forge_label`,
    ...spec.features.map((f) => `cast(${f.name} as double) as ${f.name}`),
    ...spec.categorical.map((f) => `cast(${f.name} as varchar) as ${f.name}`),
  ];
  const where = [spec.where, sample]
    .filter((w): w is string => w !== undefined)
    .map((w) => `(${w})`)
    .join(' and ');
  return `select ${columns.join(', ')}\nfrom ${relation}${where ? `\nwhere ${where}` : ''}\norder by forge_cutoff, ${spec.entity.name}`;
}
