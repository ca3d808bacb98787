// ML nodes end to end on DuckDB: train, evaluate, register, deploy UDFs, score through {{predict}},
// skip retraining when nothing changed (also on --full-refresh), the promotion gate, located errors,
// the leakage warning.
import { readdir, writeFile } from 'node:fs/promises';
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

// scores with the default version's number, as the example's customer_churn_predictions does
const PREDICTIONS = `{{config materialized="table"}}
select s.customer_id, s.cutoff_date, s.p, (select max(version) from {{ref "churn"}} where is_default) as model_version
from {{ref "scored"}} s`;

function project(ml = MODEL, extra: Record<string, string> = {}): Promise<string> {
  return makeProject({
    ...extra,
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
    const scored = await query(
      dir,
      'select count(*) as n, min(p) > 0 and max(p) < 1 as in_range, count(distinct yes) as classes from {{ref "scored"}}',
    );
    expect(scored).toEqual([{ n: 4800, in_range: true, classes: 2 }]);

    const second = await forge(dir, 'build');
    expect(second.code).toBe(0);
    expect(second.stdout + second.stderr).toMatch(
      /unchanged since version 1 \(inputs unchanged since its last build, digest kept\): not retrained/,
    );
    expect(second.stdout + second.stderr).not.toMatch(/training gbdt/);
    expect(await query(dir, 'select count(*) as n from ml.forge_model_registry')).toEqual([{ n: 1 }]);
  });

  it('reuses the version on --full-refresh when the training digest is unchanged, and registers a new one when it changed', async () => {
    const dir = await project(MODEL, { 'models/predictions.sql': PREDICTIONS });
    expect((await forge(dir, 'build')).code).toBe(0);
    const registry =
      'select version, training_digest, artifact, created_at from ml.forge_model_registry order by version';
    const scores =
      'select model_version, count(*) as n, sum(p) as total from {{ref "predictions"}} group by model_version';
    const [versions, predictions] = [await query(dir, registry), await query(dir, scores)];
    expect(predictions).toEqual([{ model_version: 1, n: 4800, total: expect.any(Number) }]);
    // a damaged deployment (UDF and golden rows): the full refresh re-creates both from version 1
    await onWarehouse(
      dir,
      [
        'create or replace macro ml.churn_p(x0, x1, x2, x3, x4, segment) as (0.5)',
        'update ml.churn_golden set expected = expected + 1e-7 where row_id = 3',
      ],
      'mlfix',
    );

    const refreshed = await forge(dir, 'build', '--full-refresh');
    const out = refreshed.stdout + refreshed.stderr;
    expect(refreshed.code, out).toBe(0);
    expect(out).toMatch(
      /churn: --full-refresh: version 1 reused \(same training data, definition and learner code: digest [0-9a-f]{12}\): not retrained; default version 1 deployed, golden rows rebuilt, UDFs re-checked on \d+ golden rows/,
    );
    expect(out).toMatch(/OK\s+ml ml\.churn v1 \(version 1 reused: same training digest\)/);
    expect(out).not.toMatch(/training gbdt/);
    expect(await query(dir, registry)).toEqual(versions);
    expect(await query(dir, scores)).toEqual(predictions);
    expect((await readdir(`${dir}/target/ml/churn`)).sort()).toEqual(['latest.json', 'v1.json']);

    await writeFile(
      `${dir}/seeds/churn_rows.csv`,
      data.rows.replace(/\n1,2025-01-01,(\d),[^,]*,/, '\n1,2025-01-01,$1,0.999,'),
    );
    const retrained = await forge(dir, 'build', '--full-refresh');
    expect(retrained.code, retrained.stdout + retrained.stderr).toBe(0);
    expect(retrained.stderr).toMatch(/churn: training gbdt on 4,800 rows/);
    expect(await query(dir, 'select version from ml.forge_model_registry order by version')).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    expect(await query(dir, 'select distinct model_version from {{ref "predictions"}}')).toEqual(
      await query(dir, 'select version as model_version from {{ref "churn"}} where is_default'),
    );
  });

  it('reuses a version whose inputs differ from the default by making it the default again, as retraining would', async () => {
    const dir = await project(MODEL, { 'models/predictions.sql': PREDICTIONS });
    expect((await forge(dir, 'build')).code).toBe(0);
    await writeFile(
      `${dir}/ml/churn.yml`,
      MODEL.replace('features: [x0, x1, x2, x3, x4]', 'features: [x0, x1, x2, x3]'),
    );
    expect((await forge(dir, 'build')).code).toBe(0);
    await writeFile(`${dir}/ml/churn.yml`, MODEL);
    const back = await forge(dir, 'build');
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.stdout).toMatch(/OK\s+ml ml\.churn v1 \(up to date, not retrained\)/);
    expect(back.stderr).toMatch(
      /default version 1 \(promoted again: version 2 reads other inputs\) deployed/,
    );
    expect(await query(dir, 'select version, is_default from {{ref "churn"}} order by version')).toEqual([
      { version: 1, is_default: true },
      { version: 2, is_default: false },
    ]);
    expect(await query(dir, 'select distinct model_version from {{ref "predictions"}}')).toEqual([
      { model_version: 1 },
    ]);
  });

  it('fails the node when the deployed UDF disagrees with TypeScript on a golden row', async () => {
    const dir = await project();
    expect((await forge(dir, 'build')).code).toBe(0);
    // tamper with one stored expectation: the re-check after re-deploying must catch it
    await onWarehouse(
      dir,
      ['update ml.churn_golden set expected = expected + 1e-7 where row_id = 3'],
      'mlfix',
    );
    const result = await forge(dir, 'build');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /ml\/churn\.yml:2:5 FRG2012 ml\.churn_p disagrees with the trained model on golden row 3: \|Δ\| = 1\.0\d*e-7/,
    );
    expect(result.stdout).toMatch(/SKIP\s+scored/);
  });

  it('registers a worse model but keeps the better default (promotion gate)', async () => {
    const dir = await project();
    expect((await forge(dir, 'build')).code).toBe(0);
    await writeFile(
      `${dir}/ml/churn.yml`,
      MODEL.replace(
        'trees: 60, max_depth: 3, learning_rate: 0.2',
        'trees: 1, max_depth: 1, learning_rate: 0.01',
      ),
    );
    const retrained = await forge(dir, 'build');
    expect(retrained.code, retrained.stdout).toBe(0);
    expect(retrained.stdout + retrained.stderr).toMatch(
      /version 2 registered but not promoted — roc_auc .* version 1 stays the default/,
    );
    expect(await query(dir, 'select version, is_default from {{ref "churn"}} order by version')).toEqual([
      { version: 1, is_default: true },
      { version: 2, is_default: false },
    ]);
  });

  it('trains on a deterministic sample above max_training_rows', async () => {
    const dir = await project(MODEL.replace('    features:', '    max_training_rows: 2000\n    features:'));
    const result = await forge(dir, 'build');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const line =
      /churn: training gbdt on ([\d,]+) rows \(a deterministic sample of 4,800; max_training_rows 2,000\)/.exec(
        result.stderr,
      );
    expect(line).not.toBeNull();
    const sampled = Number(line?.[1]?.replace(/,/g, ''));
    expect(sampled).toBeGreaterThan(1700);
    expect(sampled).toBeLessThan(2300);
    expect(await query(dir, 'select training_rows from {{ref "churn"}}')).toEqual([
      { training_rows: sampled },
    ]);
  });

  it('warns of leakage when a feature lets the model beat the oracle', async () => {
    const dir = await project(
      MODEL.replace('features: [x0, x1, x2, x3, x4]', 'features: [x0, x1, x2, x3, x4, leak]'),
    );
    const result = await forge(dir, 'build');
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toMatch(
      /ml\/churn\.yml:2:5 warning FRG1605 churn: AUC (1\.000|0\.9\d+) beats the oracle's 0\.\d+ by more than 0\.01: .*leakage/,
    );
  });

  it.each([
    [
      'an unknown column',
      'features: [x0, x1, nope]',
      /ml\/churn\.yml:7:\d+ FRG1602 feature "nope" is not a column of raw\.churn_rows/,
    ],
    [
      'a text feature',
      'features: [x0, segment]',
      /ml\/churn\.yml:7:\d+ FRG1602 feature "segment" is VARCHAR, not numeric\n\s+hint: list text columns under categorical:/,
    ],
    ['a non-binary label', 'label: x0', /ml\/churn\.yml:6:\d+ FRG1603 label "x0" must be a binary label/],
    [
      'an empty training set',
      'label: churned\n    where: "x0 > 5"',
      /ml\/churn\.yml:3:\d+ FRG1604 no training rows in raw\.churn_rows where x0 > 5/,
    ],
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
    expect(result.stdout + result.stderr).toMatch(
      /ml\/churn\.yml:9:\d+ FRG1601 unknown key "tres" in params of gbdt — did you mean "trees"\?/,
    );
  });
});
