import { describe, expect, it } from 'vitest';
import { appendFile, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { copyFixture, forge, query } from '../helpers/project.js';

describe('ephemeral models', () => {
  it('are inlined as CTEs (also into a WITH the model already has, and through each other)', async () => {
    const dir = await copyFixture('features');
    expect((await forge(dir, 'build', '-s', '+big_orders')).code).toBe(0);
    expect(await query(dir, 'select * from {{ref "big_orders"}} order by order_id')).toEqual([
      { order_id: 2, amount: 20, total: 90 },
      { order_id: 3, amount: 30, total: 90 },
      { order_id: 4, amount: 40, total: 90 },
    ]);
    const sql = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')) as {
      results: { unique_id: string; compiled_code: string | null }[];
    };
    const compiled = sql.results.find((r) => r.unique_id.endsWith('big_orders'))?.compiled_code ?? '';
    expect(compiled).toMatch(/^with __forge_eph__orders_big as \(/);
    expect(compiled).toContain('__forge_eph__orders_clean as (');
    expect(
      await query(
        dir,
        "select count(*) as n from information_schema.tables where table_name like 'orders_%'",
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe('microbatch', () => {
  it('builds day windows from begin, then reprocesses from the last window (lookback 1); backfills a range', async () => {
    const dir = await copyFixture('features');
    const first = await forge(dir, 'build', '-s', '+daily_orders', '--event-time-end', '2026-01-04');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('microbatch main.daily_orders (3 day batches)');
    expect(await query(dir, 'select count(*) as n, sum(amount) as s from {{ref "daily_orders"}}')).toEqual([
      { n: 4, s: 100 },
    ]);
    await appendFile(
      path.join(dir, 'seeds/raw_orders.csv'),
      '5,50,2026-01-03 18:00:00\n6,60,2026-01-01 12:00:00\n',
    );
    const second = await forge(dir, 'build', '-s', '+daily_orders', '--event-time-end', '2026-01-04');
    expect(second.stdout).toContain('(2 day batches)');
    // the Jan 3 row arrives; the late Jan 1 row is outside the reprocessed windows
    expect(await query(dir, 'select count(*) as n from {{ref "daily_orders"}}')).toEqual([{ n: 5 }]);
    const backfill = await forge(
      dir,
      'build',
      '-s',
      'daily_orders',
      '--event-time-start',
      '2026-01-01',
      '--event-time-end',
      '2026-01-02',
    );
    expect(backfill.stdout).toContain('(1 day batch)');
    expect(await query(dir, 'select count(*) as n from {{ref "daily_orders"}}')).toEqual([{ n: 6 }]);
    const again = await forge(
      dir,
      'build',
      '-s',
      'daily_orders',
      '--event-time-start',
      '2026-01-01',
      '--event-time-end',
      '2026-01-04',
    );
    expect(again.code).toBe(0);
    expect(await query(dir, 'select count(*) as n from {{ref "daily_orders"}}')).toEqual([{ n: 6 }]);
  });
});

describe('microbatch windows narrow their inputs', () => {
  it('a ref to a node with event_time reads only the batch window, so window aggregates see one batch', async () => {
    const dir = await copyFixture('features', {
      'models/timed_orders.sql':
        '{{config materialized="table" event_time="ordered_at"}}\nselect order_id, amount, cast(ordered_at as timestamp) as ordered_at from {{ref "raw_orders"}}\n',
      'models/batch_share.sql':
        '{{config materialized="incremental" incremental_strategy="microbatch" event_time="ordered_at" batch_size="day" begin="2026-01-01"}}\n' +
        'select order_id, ordered_at, amount / sum(amount) over () as share_of_batch,\n' +
        '  (select count(*) from {{ref "timed_orders" window=false}}) as all_orders from {{ref "timed_orders"}}\n',
    });
    const result = await forge(dir, 'build', '-s', '+batch_share', '--event-time-end', '2026-01-04');
    expect(result.code, result.stdout).toBe(0);
    // Jan 1 holds orders of 10 and 20: shares 1/3 and 2/3 of that day's batch, not of all orders
    expect(
      await query(
        dir,
        'select order_id, round(share_of_batch, 4) as share from {{ref "batch_share"}} order by order_id',
      ),
    ).toEqual([
      { order_id: 1, share: 0.3333 },
      { order_id: 2, share: 0.6667 },
      { order_id: 3, share: 1 },
      { order_id: 4, share: 1 },
    ]);
    // window=false opts a ref out: it reads every order in every batch
    expect(await query(dir, 'select distinct all_orders from {{ref "batch_share"}}')).toEqual([
      { all_orders: 4 },
    ]);
  });
});

describe('dynamic tables on DuckDB', () => {
  it('build as tables, and the log says so once', async () => {
    const dir = await copyFixture('features');
    const r = await forge(dir, 'build', '-s', '+live_totals', '+live_max');
    expect(r.code).toBe(0);
    expect(r.stderr.match(/dynamic_table builds as a table on duckdb/g)?.length).toBe(1);
    expect(
      await query(dir, "select table_type from information_schema.tables where table_name = 'live_totals'"),
    ).toEqual([{ table_type: 'BASE TABLE' }]);
  });
});

describe('show, run-operation and clean', () => {
  it('show previews a model or an inline query', async () => {
    const dir = await copyFixture('features');
    await forge(dir, 'build');
    const r = await forge(dir, 'show', '-s', 'big_orders', '--limit', '2');
    expect(r.stdout).toContain('order_id | amount | total');
    expect(r.stdout).toContain('(2 rows)');
    const inline = await forge(
      dir,
      'show',
      '--inline',
      'select max(amount) as top from {{ref "raw_orders"}}',
    );
    expect(inline.stdout).toContain('top\n---\n40 \n(1 row)');
  });

  it('run-operation renders a macro with --args and runs it', async () => {
    const dir = await copyFixture('features');
    await forge(dir, 'build');
    const r = await forge(dir, 'run-operation', 'make_audit', '--args', '{"name": "checked"}');
    expect(r.code).toBe(0);
    expect(await query(dir, 'select ok from audit.checked')).toEqual([{ ok: 1 }]);
    const missing = await forge(dir, 'run-operation', 'count_row');
    expect(missing.stderr).toContain('no macro named "count_row" — did you mean "count_rows"?');
  });

  it('clean removes target/ and keeps the warehouse file', async () => {
    const dir = await copyFixture('features');
    await forge(dir, 'build');
    expect((await forge(dir, 'clean')).code).toBe(0);
    await expect(stat(path.join(dir, 'target'))).rejects.toThrow();
    expect((await stat(path.join(dir, '.forge/features.duckdb'))).isFile()).toBe(true);
  });
});
