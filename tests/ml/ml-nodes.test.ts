// ML nodes end to end on DuckDB: train, evaluate, register, deploy UDFs, score through {{predict}},
// skip retraining when nothing changed, the promotion gate, located errors, the leakage warning.
import { describe, expect, it } from 'vitest';
import { forge, makeProject, onWarehouse, query } from '../helpers/project.js';
import { churnCsv } from './ml-data.js';

const data = churnCsv(600, 8, 11);

const MODEL = `ml:
  - name: churn
    training: churn_rows
    entity: customer_id
    cutoff: cutoff_date
    label: churned
    features: [x0, x1, x2, x3, x4]
    categorical: [segment]
    params: { trees: 60, max_depth: 3, learning_rate: 0.2 }
    split: { validation_cutoffs: 2, test_cutoffs: 2 }
    udfs: { probability: churn_p, class: churn_yes }
    oracle: { files: oracle/*.csv, score: p_churn }
`;

function project(ml = MODEL): Promise<string> {
  return makeProject({
    'project.yml': 'name: mlfix\nseeds:\n  +schema: raw\n',
    'seeds/churn_rows.csv': data.rows,
    'oracle/oracle.csv': data.oracle,
    'ml/churn.yml': ml,
    'models/scored.sql': `select customer_id, cutoff_date, {{predict "churn" alias="r"}} as p, {{predict "churn" output="class" alias="r"}} as yes
from {{ref "churn_rows"}} r`,
  });
}

describe('ML nodes', () => {
  it('trains, evaluates against the oracle, registers, deploys UDFs that match TypeScript, and does not retrain unchanged inputs', async () => {
    const dir = await project();
    const first = await forge(dir, 'build');
    const out = first.stdout + first.stderr;
    expect(first.code, out).toBe(0);
    expect(out).toMatch(/churn: training gbdt on 4,800 rows/);
    expect(out).toMatch(/ROC-AUC 0\.\d+ \(oracle 0\.\d+ on the same 1,200 rows\)/);
    expect(out).toMatch(/precision\s+recall\s+f1\s+support/);
    expect(out).toMatch(/UDFs match TypeScript on \d+ golden rows/);
    expect(out).toMatch(/OK\s+ml gbdt ml\.churn v1/);
    const versions = await query(dir, 'select version, is_default, training_rows from {{ref "churn"}}');
    expect(versions).toEqual([{ version: 1, is_default: true, training_rows: 4800 }]);
    const scored = await query(dir, 'select count(*) as n, min(p) > 0 and max(p) < 1 as in_range, count(distinct yes) as classes from {{ref "scored"}}');
    expect(scored).toEqual([{ n: 4800, in_range: true, classes: 2 }]);

    const second = await forge(dir, 'build');
    expect(second.code).toBe(0);
    expect(second.stdout + second.stderr).toMatch(/unchanged since version 1 \(inputs unchanged since its last build, digest kept\): not retrained/);
    expect(second.stdout + second.stderr).not.toMatch(/training gbdt/);
    expect(await query(dir, 'select count(*) as n from ml.forge_model_registry')).toEqual([{ n: 1 }]);
  });

  it('fails the node when the deployed UDF disagrees with TypeScript on a golden row', async () => {
    const dir = await project();
    expect((await forge(dir, 'build')).code).toBe(0);
    // tamper with one stored expectation: the re-check after re-deploying must catch it
    await onWarehouse(dir, ['update ml.churn_golden set expected = expected + 1e-7 where row_id = 3'], 'mlfix');
    const result = await forge(dir, 'build');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ml\/churn\.yml:2:5 FRG2012 ml\.churn_p disagrees with the trained model on golden row 3: \|Δ\| = 1\.0\d*e-7/);
    expect(result.stdout).toMatch(/SKIP\s+scored/);
  });

  it('registers a worse model but keeps the better default (promotion gate)', async () => {
    const dir = await project();
    expect((await forge(dir, 'build')).code).toBe(0);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/ml/churn.yml`, MODEL.replace('trees: 60, max_depth: 3, learning_rate: 0.2', 'trees: 1, max_depth: 1, learning_rate: 0.01'));
    const retrained = await forge(dir, 'build');
    expect(retrained.code, retrained.stdout).toBe(0);
    expect(retrained.stdout + retrained.stderr).toMatch(/version 2 registered but not promoted — roc_auc .* version 1 stays the default/);
    expect(await query(dir, 'select version, is_default from {{ref "churn"}} order by version')).toEqual([
      { version: 1, is_default: true }, { version: 2, is_default: false }]);
  });

  it('trains on a deterministic sample above max_training_rows', async () => {
    const dir = await project(MODEL.replace('    features:', '    max_training_rows: 2000\n    features:'));
    const result = await forge(dir, 'build');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const line = /churn: training gbdt on ([\d,]+) rows \(a deterministic sample of 4,800; max_training_rows 2,000\)/.exec(result.stderr);
    expect(line).not.toBeNull();
    const sampled = Number(line?.[1]?.replace(/,/g, ''));
    expect(sampled).toBeGreaterThan(1700);
    expect(sampled).toBeLessThan(2300);
    expect(await query(dir, 'select training_rows from {{ref "churn"}}')).toEqual([{ training_rows: sampled }]);
  });

  it('warns of leakage when a feature lets the model beat the oracle', async () => {
    const dir = await project(MODEL.replace('features: [x0, x1, x2, x3, x4]', 'features: [x0, x1, x2, x3, x4, leak]'));
    const result = await forge(dir, 'build');
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/ml\/churn\.yml:2:5 warning FRG1605 churn: AUC (1\.000|0\.9\d+) beats the oracle's 0\.\d+ by more than 0\.01: .*leakage/);
  });

  it.each([
    ['an unknown column', 'features: [x0, x1, nope]', /ml\/churn\.yml:7:\d+ FRG1602 feature "nope" is not a column of raw\.churn_rows/],
    ['a text feature', 'features: [x0, segment]', /ml\/churn\.yml:7:\d+ FRG1602 feature "segment" is VARCHAR, not numeric\n\s+hint: list text columns under categorical:/],
    ['a non-binary label', 'label: x0', /ml\/churn\.yml:6:\d+ FRG1603 label "x0" must be a binary label/],
    ['an empty training set', 'label: churned\n    where: "x0 > 5"', /ml\/churn\.yml:3:\d+ FRG1604 no training rows in raw\.churn_rows where x0 > 5/],
  ])('names file and line for %s', async (_, change, expected) => {
    const key = change.split(':')[0] as string;
    const ml = MODEL.replace(new RegExp(`${key}: .*`), change);
    const dir = await project(ml);
    const result = await forge(dir, 'build');
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(expected);
    expect(result.stdout).toMatch(/SKIP\s+scored/);
  });

  it('rejects an invalid definition at parse time, located', async () => {
    const dir = await project(MODEL.replace('params: { trees: 60,', 'params: { tres: 60,'));
    const result = await forge(dir, 'parse');
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/ml\/churn\.yml:9:\d+ FRG1601 unknown key "tres" in params of gbdt — did you mean "trees"\?/);
  });
});
