/**
 * Reads an ML node's training rows from the warehouse and checks them against its definition:
 * every column exists, features are numeric (text columns belong under `categorical:`), a
 * classification label is binary, and there are rows. Each problem is an FRG16xx error at the line
 * of the ml/*.yml entry that names the column.
 */
import type { Column, Connection, Dialect } from '../../adapters/adapter.js';
import { Codes } from '../../errors/codes.js';
import { ForgeError, diagnostic, type Diagnostic } from '../../errors/diagnostic.js';
import type { MlSpec, NamedColumn } from '../../core/ml-spec.js';
import type { TrainingRows } from '../../ml/learn/training-rows.js';
import { trainingQuery } from '../../compile/ml/training-query.js';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC|NUMBER|INT|BOOLEAN)/i;

/** Checks the relation's columns before reading it: every error at once. */
export async function checkColumns(
  connection: Connection,
  spec: MlSpec,
  relation: string,
): Promise<Column[]> {
  const columns = await connection.describeQuery(`select * from ${relation}`);
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const problems: Diagnostic[] = [];
  const need = (column: NamedColumn, role: string): Column | undefined => {
    const found = byName.get(column.name.toLowerCase());
    if (!found) {
      problems.push(
        diagnostic(
          Codes.mlColumn,
          `${role} "${column.name}" is not a column of ${relation}`,
          column.location,
          `columns: ${columns.map((c) => c.name).join(', ')}`,
        ),
      );
    }
    return found;
  };
  for (const [column, role] of [
    [spec.entity, 'entity'],
    [spec.cutoff, 'cutoff'],
    [spec.label, 'label'],
  ] as const)
    need(column, role);
  for (const feature of spec.features) {
    const found = need(feature, 'feature');
    if (found && !NUMERIC.test(found.type)) {
      problems.push(
        diagnostic(
          Codes.mlColumn,
          `feature "${feature.name}" is ${found.type}, not numeric`,
          feature.location,
          'list text columns under categorical: (one-hot encoded), or cast the column in the training model',
        ),
      );
    }
  }
  for (const feature of spec.categorical) need(feature, 'categorical feature');
  if (problems.length > 0) throw new ForgeError(problems);
  return columns;
}

const SAMPLE_BUCKETS = 1_000_000;

/**
 * Reads the rows; above `max_training_rows`, a deterministic sample by a hash of (entity, cutoff), so
 * the same rows are drawn every time and a customer's rows at one cutoff are all in or all out.
 */
export async function readTrainingRows(
  connection: Connection,
  dialect: Dialect,
  spec: MlSpec,
  relation: string,
): Promise<TrainingRows> {
  const columns = await checkColumns(connection, spec, relation);
  const counted = await connection.query(
    `select count(*) as n from ${relation}${spec.where ? ` where ${spec.where}` : ''}`,
  );
  const total = Number(counted.rows[0]?.['n'] ?? 0);
  if (total === 0) {
    throw ForgeError.of(
      Codes.mlEmpty,
      `no training rows in ${relation}${spec.where ? ` where ${spec.where}` : ''}`,
      spec.training.location,
      'build the training relation first, or loosen where:',
    );
  }
  const keep = Math.ceil((spec.maxTrainingRows / total) * SAMPLE_BUCKETS);
  const sample =
    total > spec.maxTrainingRows
      ? `${dialect.hashBucket([spec.entity.name, spec.cutoff.name], SAMPLE_BUCKETS)} < ${keep}`
      : undefined;
  const result = await connection.queryColumns(trainingQuery(spec, relation, sample));
  const column = (name: string): readonly unknown[] => result.columns[result.names.indexOf(name)] ?? [];
  const label = readLabel(spec, column('forge_label'));
  const asNumbers = (values: readonly unknown[]): Float64Array =>
    Float64Array.from(values, (v) => (v === null || v === undefined ? Number.NaN : Number(v)));
  return {
    count: label.length,
    total,
    entity: column(spec.entity.name),
    cutoffs: column('forge_cutoff').map(String),
    label,
    columns,
    numeric: new Map(spec.features.map((f) => [f.name, asNumbers(column(f.name))])),
    categorical: new Map(
      spec.categorical.map((f) => [
        f.name,
        column(f.name).map((v) => (v === null || v === undefined ? null : String(v))),
      ]),
    ),
  };
}

function readLabel(spec: MlSpec, values: readonly unknown[]): Float64Array {
  const label = new Float64Array(values.length);
  const bad = new Set<string>();
  values.forEach((value, i) => {
    const y = value === null || value === undefined ? Number.NaN : Number(value);
    if (spec.task === 'classification' && y !== 0 && y !== 1) bad.add(String(value));
    if (spec.task === 'regression' && !Number.isFinite(y)) bad.add(String(value));
    label[i] = y;
  });
  if (bad.size > 0) {
    const what = spec.task === 'classification' ? 'a binary label (0/1 or boolean)' : 'a numeric label';
    throw ForgeError.of(
      Codes.mlLabel,
      `label "${spec.label.name}" must be ${what}; found ${[...bad].slice(0, 5).join(', ')}`,
      spec.label.location,
      spec.where ? undefined : 'unlabelled rows can be left out with where: (e.g. where: is_labelled)',
    );
  }
  return label;
}
