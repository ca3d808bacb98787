/**
 * `forge build` on Snowflake (the loopback, through the real driver) with a stream source and grants:
 * the model reading the stream consumes it in the transaction that merges its rows (a failed merge
 * leaves the rows in the stream), and a table swapped in keeps its declared grants while undeclared
 * ones are reported (FRG2016).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';
import { openWarehouse } from '../../src/adapters/open-warehouse.js';
import { loadProject } from '../../src/api/load-project.js';
import type { Target } from '../../src/project/targets.js';

const loopback = useLoopback();

describe('streams and grants in forge build', () => {
  it('consumes the stream only with the merge that applies its rows; keeps declared grants; reports undeclared ones', async () => {
    const server = loopback.server;
    await server.query("attach ':memory:' as STREAM_DB");
    await server.query('create schema STREAM_DB.raw');
    await server.query(
      "create table STREAM_DB.raw.orders as select * from (values (1, 'placed', timestamp '2026-01-01 10:00:00'), (2, 'placed', timestamp '2026-01-01 11:00:00')) t(order_id, status, updated_at)",
    );
    const dir = await loopback.fixture('stream', 'STREAM_DB');
    const build = async (): Promise<{ code: number; out: string }> => {
      const r = await forge(dir, 'build', '--target', 'loopback', '--no-reuse');
      return { code: r.code, out: r.stdout + r.stderr };
    };
    const pending = async (): Promise<number> =>
      Number((await server.query('select count(*) as n from STREAM_DB.raw.orders_changes'))[0]?.['n']);
    const first = await build();
    expect(first.code, first.out).toBe(0);
    // the first build read the rows the table held (SHOW_INITIAL_ROWS) and consumed them
    expect(
      await server.query('select order_id, status from STREAM_DB.DEV.order_status order by order_id'),
    ).toEqual([
      { order_id: '1', status: 'placed' },
      { order_id: '2', status: 'placed' },
    ]);
    expect(await pending()).toBe(0);

    await server.query(
      "insert into STREAM_DB.raw.orders values (1, 'shipped', timestamp '2026-01-02 10:00:00'), (3, 'placed', timestamp '2026-01-02 11:00:00')",
    );
    expect(await pending()).toBe(2);
    server.faults.fail = /^merge into STREAM_DB\.DEV\.order_status\b/i;
    try {
      const failed = await build();
      expect(failed.code).toBe(1);
    } finally {
      server.faults.fail = undefined;
    }
    expect(await pending()).toBe(2); // the failed merge did not consume the stream
    const again = await build();
    expect(again.code, again.out).toBe(0);
    expect(await pending()).toBe(0);
    expect(
      await server.query('select order_id, status from STREAM_DB.DEV.order_status order by order_id'),
    ).toEqual([
      { order_id: '1', status: 'shipped' },
      { order_id: '2', status: 'placed' },
      { order_id: '3', status: 'placed' },
    ]);

    // the declared grant is on the rebuilt table; a grant made by hand is gone with the old one, and said so
    expect(server.engine.grants.on('STREAM_DB.DEV.order_counts')).toEqual([['SELECT', 'REPORTER']]);
    server.engine.grants.apply({
      kind: 'grant',
      object: 'STREAM_DB.DEV.order_counts',
      privilege: 'select',
      role: 'ANALYST',
    });
    const rebuilt = await build();
    expect(rebuilt.code, rebuilt.out).toBe(0);
    expect(rebuilt.out).toMatch(
      /FRG2016 order_counts: the replaced STREAM_DB\.DEV\.order_counts had grants the project does not declare \(SELECT to ANALYST\)/,
    );
    expect(server.engine.grants.on('STREAM_DB.DEV.order_counts')).toEqual([['SELECT', 'REPORTER']]);

    // unconsumed past its table's retention the stream is stale: a coded error, and a full refresh recovers
    server.clockOffsetMs += server.streamStaleAfterMs + 1000;
    try {
      const stale = await build();
      expect(stale.code).toBe(1);
      expect(stale.out).toMatch(/FRG2018 stream STREAM_DB\.raw\.orders_changes is stale/);
      expect(stale.out).toMatch(
        /hint: recreate it and rebuild what reads it: forge build --full-refresh --select source:app\.orders_changes\+/,
      );
      const refreshed = await forge(
        dir,
        'build',
        '--target',
        'loopback',
        '--full-refresh',
        '--select',
        'source:app.orders_changes+',
      );
      expect(refreshed.code, refreshed.stdout + refreshed.stderr).toBe(0);
      expect(refreshed.stdout).toMatch(/stale: replaced/);
      expect((await build()).code).toBe(0);
    } finally {
      server.clockOffsetMs = 0;
    }
    expect(await server.query('select count(*) as n from STREAM_DB.DEV.order_status')).toEqual([{ n: '3' }]);

    // deployed: the stream-fed task runs only when the stream has data, and its body consumes what it merges
    const deployed = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    await server.query(
      "insert into STREAM_DB.raw.orders values (3, 'shipped', timestamp '2026-01-03 10:00:00'), (4, 'placed', timestamp '2026-01-03 11:00:00')",
    );
    const runsBefore = server.engine.taskRuns.length;
    const { loaded } = await loadProject({ projectDir: dir, target: 'loopback' });
    const warehouse = await openWarehouse(loaded?.target as Target, { threads: 1 });
    const c = await warehouse.connect();
    try {
      await c.execute('execute task STREAM_DB.DEV.FORGE_STREAM__ROOT');
      await c.execute('execute task STREAM_DB.DEV.FORGE_STREAM__ROOT');
    } finally {
      c.release();
      await warehouse.close();
    }
    const runs = server.engine.taskRuns
      .slice(runsBefore)
      .filter((r) => r.task === 'FORGE_STREAM__ORDER_STATUS');
    expect(
      runs.map((r) => r.state),
      JSON.stringify(runs),
    ).toEqual(['SUCCEEDED', 'SKIPPED']);
    expect(await pending()).toBe(0);
    expect(
      await server.query('select order_id, status from STREAM_DB.DEV.order_status order by order_id'),
    ).toEqual([
      { order_id: '1', status: 'shipped' },
      { order_id: '2', status: 'placed' },
      { order_id: '3', status: 'shipped' },
      { order_id: '4', status: 'placed' },
    ]);
  });

  it('a schema change with sync_all_columns leaves the table as it was when the merge after it fails (DDL commits at once on Snowflake)', async () => {
    const server = loopback.server;
    const dir = await loopback.fixture('incremental', 'SCHEMA_DB');
    const model = path.join(dir, 'models/events_merge.sql');
    const config =
      '{{config materialized="incremental" incremental_strategy="merge" unique_key="event_id" watermark="updated_at" on_schema_change="sync_all_columns"}}';
    await writeFile(
      model,
      `${config}\nselect event_id, customer_id, amount, cast(updated_at as timestamp) as updated_at from {{ref "raw_events"}}\n`,
    );
    await appendFile(path.join(dir, 'seeds/raw_events.csv'), '1,100,10.0,2026-01-01 10:00:00\n');
    expect(
      (await forge(dir, 'build', '--target', 'loopback', '--select', 'raw_events', 'events_merge')).code,
    ).toBe(0);
    await writeFile(
      model,
      `${config}\nselect event_id, amount * 2 as doubled, cast(updated_at as timestamp) as updated_at from {{ref "raw_events"}}\n`,
    );
    await appendFile(path.join(dir, 'seeds/raw_events.csv'), '2,100,20.0,2026-01-02 10:00:00\n');
    const columns = async (): Promise<unknown[]> =>
      (
        await server.query(
          "select column_name from information_schema.columns where table_catalog = 'SCHEMA_DB' and table_name = 'events_merge' order by ordinal_position",
        )
      ).map((r) => r['column_name']);
    server.engine.grants.apply({
      kind: 'grant',
      object: 'SCHEMA_DB.DEV.events_merge',
      privilege: 'select',
      role: 'ANALYST',
    });
    server.faults.fail = /^merge into SCHEMA_DB\.DEV\.events_merge(__forge_tmp)? /i;
    try {
      expect(
        (await forge(dir, 'build', '--target', 'loopback', '--select', 'raw_events', 'events_merge')).code,
      ).toBe(1);
    } finally {
      server.faults.fail = undefined;
    }
    expect(await columns()).toEqual(['event_id', 'customer_id', 'amount', 'updated_at']);
    const ok = await forge(dir, 'build', '--target', 'loopback', '--select', 'raw_events', 'events_merge');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(await columns()).toEqual(['event_id', 'updated_at', 'doubled']);
    // the clone swapped in was made with COPY GRANTS: a grant made by hand is still there
    expect(server.engine.grants.on('SCHEMA_DB.DEV.events_merge')).toEqual([['SELECT', 'ANALYST']]);
  });

  it('seeds and snapshots get their declared grants after the swap that creates them', async () => {
    const server = loopback.server;
    const dir = await loopback.fixture('snapshots', 'GRANT_DB');
    const yml = path.join(dir, 'project.yml');
    await writeFile(
      yml,
      (await readFile(yml, 'utf8')).replace(
        'snapshots:\n  +schema: history\n',
        'snapshots:\n  +schema: history\n  +grants: { select: [REPORTER] }\nseeds:\n  +grants: { select: [LOADER] }\n',
      ),
    );
    await writeFile(
      path.join(dir, 'seeds/raw_customers.csv'),
      'customer_id,segment,country,updated_at\n1,consumer,US,2026-01-01 00:00:00\n',
    );
    const built = await forge(dir, 'build', '--target', 'loopback');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(server.engine.grants.on('GRANT_DB.DEV.raw_customers')).toEqual([['SELECT', 'LOADER']]);
    expect(server.engine.grants.on('GRANT_DB.DEV_history.segments_snapshot')).toEqual([
      ['SELECT', 'REPORTER'],
    ]);
  });
});
