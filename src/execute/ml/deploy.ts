/**
 * Deployment: the artifact compiled to SQL functions (`probability` + `class`, or `value`), then a
 * parity check — golden rows stored in `<ml schema>.<node>_golden` (test rows, every split threshold
 * exactly, nulls, an unseen category) scored by the deployed UDF, with the columns' own types and
 * again as DOUBLE, against TypeScript's score: a |Δ| ≥ 1e-9 on any row fails the node (FRG2012).
 */
import type { Column, Connection, Dialect } from '../../adapters/adapter.js';
import type { MlNode } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import { predictRow, type InputRow, type ModelArtifact } from '../../ml/learn/artifact.js';
import { classSql, doubleLiteral, predictionSql } from '../../compile/ml/to-sql.js';
import { udfRelation } from '../../compile/ml/predict-call.js';

const PARITY_TOLERANCE = 1e-9;

/** The CREATE statements of the node's UDFs for this artifact. */
export function udfStatements(node: MlNode, artifact: ModelArtifact, dialect: Dialect): string[] {
  const params = artifact.inputs.map((i) => ({
    name: i.name,
    type: i.type === 'numeric' ? ('numeric' as const) : ('text' as const),
  }));
  const { probability, class: klass, value } = node.spec.udfs;
  if (artifact.task === 'regression')
    return [
      dialect.createFunction(
        udfRelation(node, value ?? `${node.name}_value`),
        params,
        predictionSql(artifact),
      ),
    ];
  const probabilityFn = udfRelation(node, probability ?? `${node.name}_probability`);
  const call = `${dialect.relation(probabilityFn)}(${params.map((p) => p.name).join(', ')})`;
  return [
    dialect.createFunction(probabilityFn, params, predictionSql(artifact)),
    dialect.createFunction(
      udfRelation(node, klass ?? `${node.name}_class`),
      params,
      classSql(artifact, call),
    ),
  ];
}

function goldenRelation(node: MlNode): Relation {
  return { ...node.relation, identifier: `${node.name}_golden` };
}

function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return `cast(null as ${type})`;
  if (typeof value === 'number') return `cast(${doubleLiteral(value)} as ${type})`;
  return `cast('${String(value).replace(/'/g, "''")}' as ${type})`;
}

/** Rows that exercise every branch: samples, each split threshold exactly, nulls, an unseen category. */
export function goldenRows(artifact: ModelArtifact, samples: readonly InputRow[]): InputRow[] {
  const base = samples[0] ?? {};
  const rows: InputRow[] = [...samples];
  if (artifact.model.kind === 'trees') {
    const seen = new Set<string>();
    for (const tree of artifact.model.trees) {
      tree.feature.forEach((f, n) => {
        const feature = artifact.features[f],
          threshold = tree.threshold[n];
        if (!feature || feature.kind !== 'numeric' || threshold === null || threshold === undefined) return;
        const key = `${feature.input}=${threshold}`;
        if (seen.size < 400 && !seen.has(key)) {
          seen.add(key);
          rows.push({ ...base, [feature.input]: threshold });
        }
      });
    }
  }
  for (const input of artifact.inputs) {
    rows.push({ ...base, [input.name]: null });
    if (input.type === 'categorical') rows.push({ ...base, [input.name]: 'forge_unseen_value' });
  }
  return rows;
}

/** Stores the golden rows with the expected scores, typed like the training relation's columns. */
export async function storeGolden(
  connection: Connection,
  dialect: Dialect,
  node: MlNode,
  artifact: ModelArtifact,
  rows: readonly InputRow[],
  columns: readonly Column[],
  version: number,
): Promise<void> {
  const types = new Map(columns.map((c) => [c.name.toLowerCase(), c.type]));
  const typeOf = (name: string, numeric: boolean): string =>
    numeric ? (types.get(name.toLowerCase()) ?? 'double') : 'varchar';
  const values = rows.map(
    (row, i) =>
      `(${i}, ${version}, ${artifact.inputs.map((input) => literal(row[input.name], typeOf(input.name, input.type === 'numeric'))).join(', ')}, ` +
      `${doubleLiteral(predictRow(artifact, row))})`,
  );
  const names = ['row_id', 'version', ...artifact.inputs.map((i) => i.name), 'expected'];
  await connection.execute(
    dialect.createTableAs(
      goldenRelation(node),
      `select * from (values\n${values.join(',\n')}\n) as golden(${names.join(', ')})`,
    ),
  );
}

/** The version the stored golden rows were made for, or undefined when there are none. */
export async function goldenVersion(
  connection: Connection,
  dialect: Dialect,
  node: MlNode,
): Promise<number | undefined> {
  if (!(await connection.describe(goldenRelation(node)))) return undefined;
  const result = await connection.query(
    `select max(version) as v from ${dialect.relation(goldenRelation(node))}`,
  );
  const v = result.rows[0]?.['v'];
  return v === null || v === undefined ? undefined : Number(v);
}

/** Scores the golden rows with the deployed UDF (own types and DOUBLE); throws FRG2012 on a mismatch. */
export async function verifyParity(
  connection: Connection,
  dialect: Dialect,
  node: MlNode,
  artifact: ModelArtifact,
): Promise<{ rows: number; maxDelta: number }> {
  const fn = dialect.relation(
    udfRelation(
      node,
      (artifact.task === 'regression' ? node.spec.udfs.value : node.spec.udfs.probability) ?? node.name,
    ),
  );
  const args = artifact.inputs.map((i) => i.name).join(', ');
  const doubles = artifact.inputs
    .map((i) => (i.type === 'numeric' ? `cast(${i.name} as double)` : i.name))
    .join(', ');
  const result = await connection.query(
    `select row_id, expected, ${fn}(${args}) as scored, ${fn}(${doubles}) as scored_double\n` +
      `from ${dialect.relation(goldenRelation(node))} order by row_id`,
  );
  let maxDelta = 0;
  let worst: { delta: number; row: number } | undefined;
  for (const r of result.rows) {
    const expected = Number(r['expected']);
    for (const key of ['scored', 'scored_double']) {
      const delta = Math.abs(Number(r[key]) - expected);
      if (delta < PARITY_TOLERANCE) {
        maxDelta = Math.max(maxDelta, delta);
        continue;
      }
      if (!worst || Number.isNaN(delta) || delta > worst.delta) worst = { delta, row: Number(r['row_id']) };
    }
  }
  if (worst) {
    throw ForgeError.of(
      Codes.mlParity,
      `${fn} disagrees with the trained model on golden row ${worst.row}: |Δ| = ${worst.delta} (limit ${PARITY_TOLERANCE})`,
      node.location,
      `see ${dialect.relation(goldenRelation(node))} for the row; the UDF was not trusted`,
    );
  }
  return { rows: result.rows.length, maxDelta };
}
