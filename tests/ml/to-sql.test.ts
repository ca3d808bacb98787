// The SQL compilation of artifacts against TypeScript scoring, on random models and random inputs in
// DuckDB: values on thresholds, nulls, integers, decimals and doubles (|Δ| < 1e-9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, Warehouse } from '../../src/adapters/adapter.js';
import { openDuckdb } from '../../src/adapters/duckdb/duckdb-connection.js';
import { predict, predictRow, type ModelArtifact, type Tree } from '../../src/ml/learn/artifact.js';
import { classSql, doubleLiteral, predictionSql } from '../../src/compile/ml/to-sql.js';
import { snowflakeCreateFunction } from '../../src/adapters/snowflake/snowflake-udf.js';
import { mulberry32 } from './ml-data.js';

let warehouse: Warehouse;
let connection: Connection;
beforeAll(async () => {
  warehouse = await openDuckdb(':memory:', 'memory');
  connection = await warehouse.connect();
});
afterAll(async () => {
  connection.release();
  await warehouse.close();
});

const INPUTS = ['a', 'b', 'c'];

function randomTree(random: () => number, thresholds: number[]): Tree {
  const t = {
    feature: [] as number[],
    threshold: [] as (number | null)[],
    defaultLeft: [] as boolean[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
  };
  const grow = (depth: number): number => {
    const id = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.defaultLeft.push(false);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    if (depth === 3 || random() < 0.2) {
      t.value[id] = (random() - 0.5) / 3;
      return id;
    }
    t.feature[id] = Math.floor(random() * 4); // 3 = the one-hot feature
    t.threshold[id] =
      random() < 0.1 ? null : (thresholds[Math.floor(random() * thresholds.length)] as number);
    t.defaultLeft[id] = random() < 0.5;
    t.left[id] = grow(depth + 1);
    t.right[id] = grow(depth + 1);
    return id;
  };
  grow(0);
  return t;
}

function artifact(model: ModelArtifact['model']): ModelArtifact {
  return {
    format: 'forge-ml/1',
    name: 't',
    task: 'classification',
    algorithm: model.kind === 'trees' ? 'gbdt' : 'logistic',
    threshold: 0.4,
    inputs: [
      ...INPUTS.map((name) => ({ name, type: 'numeric' as const })),
      { name: 'seg', type: 'categorical' as const },
    ],
    features: [
      ...INPUTS.map((name) => ({ name, input: name, kind: 'numeric' as const })),
      { name: 'seg=x', input: 'seg', kind: 'onehot' as const, value: "x'y" },
    ],
    model,
  };
}

async function compare(model: ModelArtifact, rows: Record<string, unknown>[]): Promise<number> {
  await connection.execute(`create or replace macro p(a, b, c, seg) as (${predictionSql(model)})`);
  await connection.execute(
    `create or replace macro k(a, b, c, seg) as (${classSql(model, 'p(a, b, c, seg)')})`,
  );
  const values = rows.map(
    (r) =>
      `(${INPUTS.map((i) => (r[i] === null ? 'null' : `${doubleLiteral(r[i] as number)}`)).join(', ')}, ${r['seg'] === null ? 'null' : `'${String(r['seg']).replace(/'/g, "''")}'`})`,
  );
  const result =
    await connection.query(`select p(a, cast(b as decimal(18,3)), cast(c as bigint), seg) as p, p(a, b, c, seg) as pd, k(a, b, c, seg) as k
    from (values ${values.join(', ')}) t(a, b, c, seg)`);
  let worst = 0;
  result.rows.forEach((r, i) => {
    const row = rows[i] as Record<string, unknown>;
    const expected = predictRow(model, row);
    worst = Math.max(worst, Math.abs(Number(r['p']) - expected), Math.abs(Number(r['pd']) - expected));
    expect(Number(r['k'])).toBe(expected >= 0.4 ? 1 : 0);
  });
  return worst;
}

describe('artifact → SQL parity', () => {
  it('trees: random ensembles, inputs on thresholds, nulls, integer / decimal / double arguments', async () => {
    const random = mulberry32(5);
    const thresholds = [-1.5, -0.25, 0, 0.125, 1, 2.75, 3];
    for (let round = 0; round < 5; round++) {
      const model = artifact({
        kind: 'trees',
        base: random() - 0.5,
        trees: Array.from({ length: 30 }, () => randomTree(random, thresholds)),
      });
      const rows = Array.from({ length: 300 }, () => {
        const pick = (): number | null =>
          random() < 0.15
            ? null
            : random() < 0.5
              ? (thresholds[Math.floor(random() * thresholds.length)] as number)
              : Math.round((random() * 8 - 4) * 1000) / 1000;
        const c = pick();
        return {
          a: pick(),
          b: pick(),
          c: c === null ? null : Math.round(c),
          seg: random() < 0.2 ? null : random() < 0.5 ? "x'y" : 'z',
        };
      });
      expect(await compare(model, rows)).toBeLessThan(1e-9);
    }
  });

  it('linear: coefficients, imputation of nulls, a one-hot input', async () => {
    const model = artifact({
      kind: 'linear',
      intercept: -0.3,
      coef: [0.7, -1.25e-3, 2.5, 0.9],
      impute: [0.1, 1234.5, -2, 0],
    });
    const random = mulberry32(9);
    const rows = Array.from({ length: 200 }, () => ({
      a: random() < 0.2 ? null : random() * 4 - 2,
      b: random() < 0.2 ? null : Math.round(random() * 1e6) / 1000,
      c: random() < 0.2 ? null : Math.round(random() * 10),
      seg: random() < 0.5 ? "x'y" : null,
    }));
    expect(await compare(model, rows)).toBeLessThan(1e-9);
  });

  it('doubles are written so they read back exactly, and negatives cannot form a comment', () => {
    for (const v of [0.1, 1 / 3, -2.5e-300, 123456789.123456789, 5e-324, -7.25])
      expect(Number(doubleLiteral(v).replace(/[()]/g, ''))).toBe(v);
    expect(`1 -${doubleLiteral(-1)}`).not.toContain('--');
  });

  it('TypeScript scoring takes a missing value down the learned default branch', () => {
    const tree: Tree = {
      feature: [0, -1, -1],
      threshold: [0.5, null, null],
      defaultLeft: [true, false, false],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, 1, -1],
    };
    const model: ModelArtifact = {
      ...artifact({ kind: 'trees', base: 0, trees: [tree] }),
      task: 'regression',
    };
    expect(predict(model, [Number.NaN, 0, 0, 0])).toBe(1);
    expect(predict(model, [0.5, 0, 0, 0])).toBe(1);
    expect(predict(model, [0.6, 0, 0, 0])).toBe(-1);
  });
});

describe('Snowflake UDF text (golden)', () => {
  it('creates a SQL UDF with typed arguments', async () => {
    const model = artifact({
      kind: 'linear',
      intercept: -0.3,
      coef: [0.7, -1.25e-3, 2.5, 0.9],
      impute: [0.1, 1234.5, -2, 0],
    });
    const sql = snowflakeCreateFunction(
      'FORGE_SHOP.FORGE_ML.PREDICT_CHURN_PROBABILITY',
      model.inputs.map((i) => ({ name: i.name, type: i.type === 'numeric' ? 'numeric' : 'text' })),
      predictionSql(model),
    );
    await expect(`${sql}\n`).toMatchFileSnapshot('../golden/ml-udf-snowflake.sql');
  });
});
