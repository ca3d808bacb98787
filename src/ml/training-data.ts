/**
 * Reads an ML node's training rows from the warehouse and checks them against its definition:
 * every column exists, features are numeric (text columns belong under `categorical:`), a
 * classification label is binary, and there are rows. Each problem is an FRG16xx error at the line
 * of the ml/*.yml entry that names the column.
 */
import type { Column, Connection } from '../adapters/adapter.js';
import { Codes } from '../errors/codes.js';
import { ForgeError, diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { InputRow } from './artifact.js';
import type { MlSpec, NamedColumn } from './ml-spec.js';

export interface TrainingRows {
  readonly rows: readonly InputRow[];
  /** The cutoff of each row as text (sortable: ISO dates or numbers padded by the warehouse). */
  readonly cutoffs: readonly string[];
  readonly label: Float64Array;
  readonly columns: readonly Column[];
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC|NUMBER|INT|BOOLEAN)/i;

/** The SELECT over the training relation (numeric features as DOUBLE, booleans as 0/1). */
export function trainingQuery(spec: MlSpec, relation: string): string {
  const numeric = (c: string): string => `cast(${c} as double)`;
  const columns = [
    `${spec.entity.name}`, `cast(${spec.cutoff.name} as varchar) as forge_cutoff`, `cast(${spec.label.name} as double) as forge_label`,
    ...spec.features.map((f) => `${numeric(f.name)} as ${f.name}`),
    ...spec.categorical.map((f) => `cast(${f.name} as varchar) as ${f.name}`),
  ];
  return `select ${columns.join(', ')}\nfrom ${relation}${spec.where ? `\nwhere ${spec.where}` : ''}\norder by forge_cutoff, ${spec.entity.name}`;
}

/** Checks the relation's columns before reading it: every error at once. */
export async function checkColumns(connection: Connection, spec: MlSpec, relation: string): Promise<Column[]> {
  const columns = await connection.describeQuery(`select * from ${relation}`);
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const problems: Diagnostic[] = [];
  const need = (column: NamedColumn, role: string): Column | undefined => {
    const found = byName.get(column.name.toLowerCase());
    if (!found) {
      problems.push(diagnostic(Codes.mlColumn, `${role} "${column.name}" is not a column of ${relation}`, column.location,
        `columns: ${columns.map((c) => c.name).join(', ')}`));
    }
    return found;
  };
  for (const [column, role] of [[spec.entity, 'entity'], [spec.cutoff, 'cutoff'], [spec.label, 'label']] as const) need(column, role);
  for (const feature of spec.features) {
    const found = need(feature, 'feature');
    if (found && !NUMERIC.test(found.type)) {
      problems.push(diagnostic(Codes.mlColumn, `feature "${feature.name}" is ${found.type}, not numeric`, feature.location,
        'list text columns under categorical: (one-hot encoded), or cast the column in the training model'));
    }
  }
  for (const feature of spec.categorical) need(feature, 'categorical feature');
  if (problems.length > 0) throw new ForgeError(problems);
  return columns;
}

export async function readTrainingRows(connection: Connection, spec: MlSpec, relation: string): Promise<TrainingRows> {
  const columns = await checkColumns(connection, spec, relation);
  const result = await connection.query(trainingQuery(spec, relation));
  if (result.rows.length === 0) {
    throw ForgeError.of(Codes.mlEmpty, `no training rows in ${relation}${spec.where ? ` where ${spec.where}` : ''}`, spec.training.location,
      'build the training relation first, or loosen where:');
  }
  const label = new Float64Array(result.rows.length);
  const bad = new Set<string>();
  result.rows.forEach((row, i) => {
    const value = row['forge_label'];
    const y = value === null || value === undefined ? Number.NaN : Number(value);
    if (spec.task === 'classification' && y !== 0 && y !== 1) bad.add(String(value));
    if (spec.task === 'regression' && !Number.isFinite(y)) bad.add(String(value));
    label[i] = y;
  });
  if (bad.size > 0) {
    const what = spec.task === 'classification' ? 'a binary label (0/1 or boolean)' : 'a numeric label';
    throw ForgeError.of(Codes.mlLabel, `label "${spec.label.name}" must be ${what}; found ${[...bad].slice(0, 5).join(', ')}`, spec.label.location,
      spec.where ? undefined : 'unlabelled rows can be left out with where: (e.g. where: is_labelled)');
  }
  return { rows: result.rows, cutoffs: result.rows.map((r) => String(r['forge_cutoff'])), label, columns };
}
