// Reuse of unchanged nodes (reuse_unchanged): a node whose inputs — its definition and its parents'
// content generations — are as at its last successful run is not run again; a change anywhere
// upstream, a crash that left a parent pending, a changed definition or --full-refresh runs it.
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forge, makeProject, onWarehouse, query, runResults } from '../helpers/project.js';

const files = {
  'project.yml': 'name: reuse\nmodels:\n  +materialized: table\ntests:\n  +reuse_unchanged: true\n',
  'seeds/raw_sales.csv': 'id,amount,loaded_at\n1,10,2026-01-01 10:00:00\n2,20,2026-01-01 11:00:00\n',
  'models/sales.sql': `{{config materialized="incremental" unique_key="id"}}
select * from {{ref "raw_sales"}}
{{#if (is_incremental)}}where loaded_at > (select max(loaded_at) from {{this}}){{/if}}`,
  'models/sales_view.sql': '{{config materialized="view"}}\nselect id, amount from {{ref "sales"}}',
  'models/totals.sql':
    '{{config reuse_unchanged=true}}\nselect count(*) as n, sum(amount) as amount from {{ref "sales_view"}}',
  'models/totals_always.sql': 'select count(*) as n from {{ref "sales_view"}}',
  'models/has_sales.sql': 'select count(*) > 0 as has_sales from {{ref "sales_view"}}',
  'models/has_sales_report.sql': '{{config reuse_unchanged=true}}\nselect * from {{ref "has_sales"}}',
  'models/totals.yml':
    'models:\n  - name: totals\n    columns:\n      - name: n\n        data_tests: [not_null]\n',
};

interface Result {
  readonly unique_id: string;
  readonly status: string;
  readonly message: string;
}

/** Status per node name, from run_results.json. */
async function statuses(dir: string): Promise<Record<string, string>> {
  const results = await runResults<Result>(dir);
  return Object.fromEntries(results.map((r) => [r.unique_id.split('.')[2] as string, r.status]));
}

async function build(dir: string, ...args: string[]): Promise<Record<string, string>> {
  const result = await forge(dir, 'build', ...args);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return statuses(dir);
}

describe('reuse_unchanged', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeProject(files);
    expect(await build(dir)).toMatchObject({
      totals: 'success',
      totals_always: 'success',
      not_null_totals_n: 'pass',
    });
  });

  it('reuses a node and its tests when nothing upstream changed (an incremental parent that merged nothing keeps its generation)', async () => {
    const result = await forge(dir, 'build');
    expect(result.stdout).toMatch(/REUSE totals \(reused: inputs unchanged since its last build\)/);
    expect(result.stdout).toMatch(/, 2 reused,/);
    expect(await statuses(dir)).toMatchObject({
      sales: 'success',
      totals: 'reused',
      totals_always: 'success',
      not_null_totals_n: 'pass',
    });
    const test = (await runResults<Result>(dir)).find((r) => r.unique_id.includes('not_null_totals_n'));
    expect(test?.message).toBe('PASS (reused)');
  });

  it('runs it again once new data reaches a parent (not past a small table rebuilt with the same rows)', async () => {
    await appendFile(path.join(dir, 'seeds/raw_sales.csv'), '3,30,2026-01-02 09:00:00\n');
    // has_sales is rebuilt with the same one row: its generation is a digest of its rows, so what reads it is reused
    expect(await build(dir)).toMatchObject({
      totals: 'success',
      not_null_totals_n: 'pass',
      has_sales: 'success',
      has_sales_report: 'reused',
    });
    expect(await query(dir, 'select n, amount from {{ref "totals"}}')).toEqual([{ n: 3, amount: 60 }]);
    expect(await build(dir)).toMatchObject({ totals: 'reused' });
  });

  it('runs it again when a parent was left pending (a build that stopped between writing a relation and recording it)', async () => {
    await onWarehouse(
      dir,
      [
        `insert into main.forge_generations values ('model.reuse.sales', 'pending', '', '', 'crashed', ${Date.now() * 1000})`,
      ],
      'reuse',
    );
    // sales merges nothing, but what it held before is unknown now: it gets a new generation
    expect(await build(dir)).toMatchObject({ sales: 'success', totals: 'success' });
    expect(await build(dir)).toMatchObject({ totals: 'reused' });
  });

  it('runs it under --no-reuse', async () => {
    expect(await build(dir, '--no-reuse')).toMatchObject({ totals: 'success', not_null_totals_n: 'pass' });
    expect(await build(dir)).toMatchObject({ totals: 'reused' });
  });

  it('runs it again when its own definition changes, and under --full-refresh', async () => {
    await writeFile(
      path.join(dir, 'models/totals.sql'),
      '{{config reuse_unchanged=true}}\nselect count(*) as n, sum(amount) * 2 as amount from {{ref "sales_view"}}',
    );
    expect(await build(dir)).toMatchObject({ totals: 'success', not_null_totals_n: 'pass' });
    expect(await query(dir, 'select amount from {{ref "totals"}}')).toEqual([{ amount: 120 }]);
    expect(await build(dir, '--full-refresh')).toMatchObject({ totals: 'success' });
    expect(await build(dir)).toMatchObject({ totals: 'reused' });
  });

  it('does not reuse a model whose relation was dropped by hand', async () => {
    await onWarehouse(dir, ['drop table main.totals'], 'reuse');
    expect(await build(dir)).toMatchObject({ totals: 'success' });
    expect(await query(dir, 'select n from {{ref "totals"}}')).toEqual([{ n: 3 }]);
  });
});

describe("a unique test on an incremental model's own key", () => {
  it('passes by construction while the model is only merged on that key, and runs again after a full rebuild', async () => {
    const dir = await makeProject({
      ...files,
      'models/sales.yml':
        'models:\n  - name: sales\n    columns:\n      - name: id\n        data_tests: [unique]\n',
    });
    const append = async (line: string): Promise<void> =>
      appendFile(path.join(dir, 'seeds/raw_sales.csv'), `${line}\n`);
    // the first build starts the model's merge lineage, and the test checks it
    expect(await build(dir)).toMatchObject({ unique_sales_id: 'pass' });
    expect(
      (await runResults<Result>(dir)).find((r) => r.unique_id.includes('unique_sales_id'))?.message,
    ).toBe('PASS');
    // from then on every merge (new keys, a new version of id 1) keeps the key unique: the test is not run
    await append('3,30,2026-01-02 09:00:00\n1,11,2026-01-03 09:00:00');
    const merged = await forge(dir, 'build');
    expect(merged.stdout).toMatch(
      /PASS  test unique_sales_id \(unique by construction: its model was only merged on this key since it passed\)/,
    );
    expect(
      (await runResults<Result>(dir)).find((r) => r.unique_id.includes('unique_sales_id'))?.message,
    ).toBe('PASS (unique by construction)');
    expect(await query(dir, 'select count(*) as n, count(distinct id) as ids from {{ref "sales"}}')).toEqual([
      { n: 3, ids: 3 },
    ]);
    // a full rebuild is not a merge: the test runs — and catches the two versions of id 1 that a
    // plain rebuild (no staging one row per key) keeps
    const rebuilt = await forge(dir, 'build', '--full-refresh');
    expect(rebuilt.code).toBe(1);
    expect(rebuilt.stdout).toMatch(/FAIL  test unique_sales_id \[/);
  });
});
