/**
 * The oracle comparison on generated data: the generator writes each (entity, cutoff)'s true churn
 * probability; its AUC on the test rows is the best any model can reach there. A model more than
 * 0.01 above it has seen the future (leakage); more than 0.05 below it is leaving signal unused.
 */
import path from 'node:path';
import type { Connection, Dialect } from '../../adapters/adapter.js';
import { landedFiles } from '../load-source.js';
import { rocCurve } from '../../ml/learn/metrics.js';
import type { MlSpec } from '../../core/ml-spec.js';

export interface OracleComparison {
  readonly rows: number;
  readonly modelAuc: number;
  readonly oracleAuc: number;
  /** Set when the gap is suspicious. */
  readonly warning?: string;
}

const LEAK_MARGIN = 0.01;
const SHORTFALL_MARGIN = 0.05;

export async function compareWithOracle(
  connection: Connection,
  dialect: Dialect,
  projectDir: string,
  spec: MlSpec,
  entities: readonly unknown[],
  cutoffs: readonly string[],
  label: Float64Array,
  scores: Float64Array,
): Promise<OracleComparison | undefined> {
  if (!spec.oracle) return undefined;
  const files = landedFiles(projectDir, spec.oracle.files).map((f) => path.resolve(projectDir, f));
  if (files.length === 0) return undefined;
  const wanted = [...new Set(cutoffs.map((c) => c.slice(0, 10)))].map((c) => `'${c}'`).join(', ');
  const result = await connection.query(
    `select cast(${spec.entity.name} as varchar) as e, substr(cast(${spec.cutoff.name} as varchar), 1, 10) as c, ` +
      `cast(${spec.oracle.score} as double) as s from ${dialect.readFiles(files, 'csv', {})} where substr(cast(${spec.cutoff.name} as varchar), 1, 10) in (${wanted})`,
  );
  const truth = new Map(result.rows.map((r) => [`${String(r['e'])}|${String(r['c'])}`, Number(r['s'])]));
  const y: number[] = [],
    model: number[] = [],
    oracle: number[] = [];
  entities.forEach((entity, i) => {
    const s = truth.get(`${String(entity)}|${(cutoffs[i] ?? '').slice(0, 10)}`);
    if (s === undefined) return;
    y.push(label[i] as number);
    model.push(scores[i] as number);
    oracle.push(s);
  });
  if (y.length === 0) return undefined;
  const modelAuc = rocCurve(y, model).auc,
    oracleAuc = rocCurve(y, oracle).auc;
  const warning =
    modelAuc > oracleAuc + LEAK_MARGIN
      ? `AUC ${modelAuc.toFixed(3)} beats the oracle's ${oracleAuc.toFixed(3)} by more than ${LEAK_MARGIN}: a feature probably reads data at or after its cutoff (leakage)`
      : modelAuc < oracleAuc - SHORTFALL_MARGIN
        ? `AUC ${modelAuc.toFixed(3)} trails the oracle's ${oracleAuc.toFixed(3)} by more than ${SHORTFALL_MARGIN}: signal is being left unused`
        : undefined;
  return { rows: y.length, modelAuc, oracleAuc, ...(warning ? { warning } : {}) };
}
