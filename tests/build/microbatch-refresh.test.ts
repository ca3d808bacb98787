// A microbatch --full-refresh builds every window beside the live table and swaps once: a failing
// window leaves the previous table whole. Relations Forge builds beside live ones, left by a killed
// build, are dropped at the start of the next build of their node, even when the node is reused.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, forge, makeProject, onWarehouse, query, runResults } from '../helpers/project.js';

const MICROBATCH =
  '{{config materialized="incremental" incremental_strategy="microbatch" event_time="ordered_at" batch_size="day" begin="2026-01-01"}}\n' +
  // order 4 (Jan 3) becomes a conversion error when break_jan3 is set: only the Jan 3 window reads it (timed_orders declares event_time)
  'select ordered_at, order_id, {{#if (var "break_jan3" false)}}cast(case when order_id = 4 then \'bad\' else cast(amount as varchar) end as integer){{else}}amount{{/if}} as amount\n' +
  'from {{ref "timed_orders"}}\n';

const overrides = {
  'models/timed_orders.sql':
    '{{config materialized="table" event_time="ordered_at"}}\nselect order_id, amount, cast(ordered_at as timestamp) as ordered_at from {{ref "raw_orders"}}\n',
  'models/orders_by_day.sql': MICROBATCH,
};

const orders = async (dir: string): Promise<unknown[]> =>
  (await query(dir, 'select order_id from {{ref "orders_by_day"}} order by order_id')).map(
    (r) => r['order_id'],
  );
const leftBeside = async (dir: string): Promise<unknown[]> =>
  (
    await query(
      dir,
      "select table_name from information_schema.tables where table_name like '%\\_\\_forge\\_%' escape '\\' order by table_name",
    )
  ).map((r) => r['table_name']);

describe('microbatch --full-refresh', () => {
  it('builds every window beside the live table and swaps once: a failing window leaves the previous table whole', async () => {
    const dir = await copyFixture('features', overrides);
    const build = (...args: string[]) =>
      forge(dir, 'build', '-s', '+orders_by_day', '--event-time-end', '2026-01-04', ...args);
    const first = await build();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('microbatch main.orders_by_day (3 day batches)');
    expect(await orders(dir)).toEqual([1, 2, 3, 4]);

    await appendFile(path.join(dir, 'seeds/raw_orders.csv'), '5,50,2026-01-02 18:00:00\n');
    const failed = await build('--full-refresh', '--vars', '{"break_jan3": true}');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ERROR orders_by_day\b/);
    expect(failed.stdout).toContain('FRG2003 orders_by_day failed in the warehouse: Conversion Error');
    expect(
      (await runResults<{ unique_id: string; status: string }>(dir)).find((r) =>
        r.unique_id.endsWith('.orders_by_day'),
      )?.status,
    ).toBe('error');
    // the Jan 1 and Jan 2 windows were built (with order 5), but beside: the live table is the previous one, whole
    expect(await orders(dir)).toEqual([1, 2, 3, 4]);
    expect(await leftBeside(dir)).toEqual([]);

    const refreshed = await build('--full-refresh');
    expect(refreshed.code, refreshed.stdout + refreshed.stderr).toBe(0);
    expect(refreshed.stdout).toContain('microbatch main.orders_by_day (3 day batches)');
    expect(await orders(dir)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a first build whose window fails leaves no table behind (it is built beside too)', async () => {
    const dir = await copyFixture('features', overrides);
    const failed = await forge(
      dir,
      'build',
      '-s',
      '+orders_by_day',
      '--event-time-end',
      '2026-01-04',
      '--vars',
      '{"break_jan3": true}',
    );
    expect(failed.code).toBe(1);
    expect(
      await query(
        dir,
        "select count(*) as n from information_schema.tables where table_name like 'orders_by_day%'",
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe('relations left beside live ones by a killed build', () => {
  const files = {
    'project.yml': 'name: stale\nmodels:\n  +materialized: table\n',
    'seeds/raw_sales.csv': 'id,amount\n1,10\n2,20\n',
    'models/totals.sql':
      '{{config reuse_unchanged=true}}\nselect count(*) as n, sum(amount) as amount from {{ref "raw_sales"}}\n',
    'models/sales.sql':
      '{{config materialized="incremental" unique_key="id"}}\nselect * from {{ref "raw_sales"}}\n',
  };

  it('are dropped at the start of the next build of their node, even one that is reused; nothing else is', async () => {
    const dir = await makeProject(files);
    expect((await forge(dir, 'build')).code).toBe(0);
    await onWarehouse(
      dir,
      [
        'create table main.totals__forge_tmp as select 1 as n',
        'create table main.sales__forge_incr as select 1 as id',
        'create table main.sales__forge_tmp as select 1 as id',
        'create table main.raw_sales__forge_tmp as select 1 as id',
        // not Forge's: another name, a node this project does not have, a schema it does not build into
        'create table main.totals_backup as select 1 as n',
        'create table main.gone__forge_tmp as select 1 as n',
        'create schema elsewhere',
        'create table elsewhere.totals__forge_tmp as select 1 as n',
      ],
      'stale',
    );
    const again = await forge(dir, 'build');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/REUSE totals/);
    const names = await query(
      dir,
      "select table_schema || '.' || table_name as name from information_schema.tables where table_name like '%\\_\\_forge\\_%' escape '\\' or table_name like 'totals%' order by name",
    );
    expect(names.map((r) => r['name'])).toEqual([
      'elsewhere.totals__forge_tmp',
      'main.gone__forge_tmp',
      'main.totals',
      'main.totals_backup',
    ]);
    expect(again.stderr + again.stdout).toMatch(
      /dropped 4 relations left beside live ones by an earlier build/,
    );
  });
});
