/**
 * On Snowflake (the loopback, through the real driver): a microbatch --full-refresh fills every
 * window into a table beside the live one and swaps it in with one SWAP WITH, granting again after
 * it; a failing window leaves the previous table whole, grants included. What a killed build left
 * beside a node's relation is dropped at the start of the next build.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

const overrides = {
  'models/timed_orders.sql':
    '{{config materialized="table" event_time="ordered_at"}}\nselect order_id, amount, cast(ordered_at as timestamp) as ordered_at from {{ref "raw_orders"}}\n',
  'models/orders_by_day.sql':
    '{{config materialized="incremental" incremental_strategy="microbatch" event_time="ordered_at" batch_size="day" begin="2026-01-01"}}\n' +
    'select ordered_at, order_id, amount from {{ref "timed_orders"}}\n',
};

async function project(): Promise<string> {
  const dir = await loopback.fixture('features', 'BATCH_DB');
  for (const [file, text] of Object.entries(overrides)) await writeFile(path.join(dir, file), text);
  const yml = path.join(dir, 'project.yml');
  await writeFile(
    yml,
    (await readFile(yml, 'utf8')).replace(
      'models:\n  +materialized: table\n',
      'models:\n  +materialized: table\n  +grants: { select: [REPORTER] }\n',
    ),
  );
  return dir;
}

describe('microbatch --full-refresh on Snowflake', () => {
  it('swaps once after every window is built beside; a failing window leaves the previous table and its grants', async () => {
    const server = loopback.server;
    const dir = await project();
    const build = async (...args: string[]): Promise<{ code: number; out: string }> => {
      const r = await forge(
        dir,
        'build',
        '--target',
        'loopback',
        '-s',
        '+orders_by_day',
        '--event-time-end',
        '2026-01-04',
        ...args,
      );
      return { code: r.code, out: r.stdout + r.stderr };
    };
    const orders = async (): Promise<number[]> =>
      (await server.query('select order_id from BATCH_DB.DEV.orders_by_day order by order_id')).map((r) =>
        Number(r['order_id']),
      );
    const first = await build();
    expect(first.code, first.out).toBe(0);
    expect(await orders()).toEqual([1, 2, 3, 4]);
    expect(server.engine.grants.on('BATCH_DB.DEV.orders_by_day')).toEqual([['SELECT', 'REPORTER']]);

    await appendFile(path.join(dir, 'seeds/raw_orders.csv'), '5,50,2026-01-02 18:00:00\n');
    // the Jan 3 window fails, after Jan 1 and Jan 2 were built
    server.faults.fail =
      /^insert into BATCH_DB\.DEV\.orders_by_day(__forge_tmp)? [\s\S]*ordered_at >= '2026-01-03 00:00:00\.000'::timestamp_ntz/i;
    try {
      const failed = await build('--full-refresh');
      expect(failed.code).toBe(1);
      expect(failed.out).toMatch(/ERROR orders_by_day\b/);
    } finally {
      // the Jan 3 window fails, after Jan 1 and Jan 2 were built
      server.faults.fail = undefined;
    }
    expect(await orders()).toEqual([1, 2, 3, 4]);
    expect(server.engine.grants.on('BATCH_DB.DEV.orders_by_day')).toEqual([['SELECT', 'REPORTER']]);
    expect(
      await server.query(
        "select table_name from information_schema.tables where table_catalog = 'BATCH_DB' and table_name like '%forge%'",
      ),
    ).toEqual([]);

    const refreshed = await build('--full-refresh');
    expect(refreshed.code, refreshed.out).toBe(0);
    expect(await orders()).toEqual([1, 2, 3, 4, 5]);
    expect(
      server.statements.some(
        (s) =>
          /^alter table BATCH_DB\.DEV\.orders_by_day__forge_tmp swap with BATCH_DB\.DEV\.orders_by_day$/i.test(
            s.sql,
          ) && s.ok,
      ),
    ).toBe(true);
    expect(server.engine.grants.on('BATCH_DB.DEV.orders_by_day')).toEqual([['SELECT', 'REPORTER']]);
  });

  it('drops what a killed build left beside the nodes it builds, and nothing else', async () => {
    const server = loopback.server;
    const dir = await loopback.fixture('features', 'STALE_DB');
    for (const [file, text] of Object.entries(overrides)) await writeFile(path.join(dir, file), text);
    const build = (): ReturnType<typeof forge> =>
      forge(dir, 'build', '--target', 'loopback', '-s', '+orders_by_day', '--event-time-end', '2026-01-04');
    expect((await build()).code).toBe(0);
    await server.query('create table STALE_DB.DEV.orders_by_day__forge_tmp as select 1 as x');
    await server.query('create table STALE_DB.DEV.timed_orders__forge_incr as select 1 as x');
    await server.query('create table STALE_DB.DEV.big_orders__forge_tmp as select 1 as x');
    const again = await build();
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout + again.stderr).toMatch(
      /dropped 2 relations left beside live ones by an earlier build: STALE_DB\.DEV\.(orders_by_day__forge_tmp|timed_orders__forge_incr), /,
    );
    // big_orders is not in this build's selection: a concurrent build of it may be using its table beside
    expect(
      await server.query(
        "select table_name from information_schema.tables where table_catalog = 'STALE_DB' and table_name like '%forge%'",
      ),
    ).toEqual([{ table_name: 'big_orders__forge_tmp' }]);
  });
});
