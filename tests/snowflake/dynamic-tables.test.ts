/**
 * Dynamic tables on Snowflake (through the real driver and the loopback server) notice edits: a
 * changed SELECT replaces the table, a lag change is an ALTER, an unchanged one issues nothing;
 * on_configuration_change decides whether changes are applied, kept or fail. A dynamic table is its
 * own kind of object (information_schema shows it as a BASE TABLE with IS_DYNAMIC): a model that
 * changes materialization drops it with DROP DYNAMIC TABLE.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

const MODEL = 'models/marts/customer_totals.sql';

async function project(database: string, config: string): Promise<string> {
  const dir = await loopback.fixture('state', database);
  const body = await readFile(path.join(dir, MODEL), 'utf8');
  await writeFile(path.join(dir, MODEL), `{{config materialized="dynamic_table" ${config}}}\n${body}`);
  return dir;
}

/** Builds and returns the statements about the dynamic table this build sent. */
async function build(dir: string, database: string): Promise<{ code: number; out: string; ddl: string[] }> {
  const before = loopback.server.statements.length;
  const r = await forge(dir, 'build', '--target', 'loopback', '--threads', '1');
  const ddl = loopback.server.statements
    .slice(before)
    .map((s) => s.sql)
    .filter((s) => new RegExp(`dynamic table ${database}\\.DEV_marts\\.customer_totals`, 'i').test(s));
  return { code: r.code, out: r.stdout + r.stderr, ddl };
}

describe('dynamic tables that notice edits', () => {
  it('create, then nothing, then replace on a SELECT edit, then ALTER on a lag change', async () => {
    const dir = await project('DT_DB', 'target_lag="1 hour"');
    const first = await build(dir, 'DT_DB');
    expect(first.code, first.out).toBe(0);
    expect(first.ddl.map((s) => s.split('\n')[0])).toEqual([
      'create or replace dynamic table DT_DB.DEV_marts.customer_totals',
    ]);
    expect(first.out).toMatch(
      /dynamic table DT_DB\.DEV_marts\.customer_totals \(created: new dynamic table\)/,
    );
    expect(first.out).toMatch(/PASS {2}test accepted_range_customer_totals_total/);

    const same = await build(dir, 'DT_DB');
    expect(same.code, same.out).toBe(0);
    expect(same.ddl).toEqual([]);
    expect(same.out).toMatch(/dynamic table DT_DB\.DEV_marts\.customer_totals \(unchanged\)/);

    await writeFile(
      path.join(dir, MODEL),
      (await readFile(path.join(dir, MODEL), 'utf8')).replace(
        'count(o.order_id) as orders',
        'count(o.order_id) as orders, max(o.amount) as biggest',
      ),
    );
    const edited = await build(dir, 'DT_DB');
    expect(edited.ddl.map((s) => s.split('\n')[0])).toEqual([
      'create or replace dynamic table DT_DB.DEV_marts.customer_totals',
    ]);
    expect(edited.out).toMatch(/\(replaced: its SELECT changed\)/);
    expect(
      Number(
        (await loopback.server.query('select max(biggest) as b from DT_DB.DEV_marts.customer_totals'))[0]?.[
          'b'
        ],
      ),
    ).toBe(99);

    await writeFile(
      path.join(dir, MODEL),
      (await readFile(path.join(dir, MODEL), 'utf8')).replace(
        'target_lag="1 hour"',
        'target_lag="15 minutes"',
      ),
    );
    const lag = await build(dir, 'DT_DB');
    expect(lag.ddl).toEqual([
      "alter dynamic table DT_DB.DEV_marts.customer_totals set target_lag = '15 minutes'",
    ]);
    expect(lag.out).toMatch(/\(altered: target_lag changed\)/);
  });

  it('on_configuration_change: continue keeps the table (and says so), fail fails the node and leaves it', async () => {
    const dir = await project('DT_GATE', 'target_lag="1 hour" on_configuration_change="continue"');
    expect((await build(dir, 'DT_GATE')).code).toBe(0);
    await writeFile(
      path.join(dir, MODEL),
      (await readFile(path.join(dir, MODEL), 'utf8')).replace('target_lag="1 hour"', 'target_lag="2 hours"'),
    );
    const kept = await build(dir, 'DT_GATE');
    expect(kept.code, kept.out).toBe(0);
    expect(kept.ddl).toEqual([]);
    expect(kept.out).toMatch(
      /customer_totals: target_lag changed; on_configuration_change is "continue": left as it is/,
    );
    await writeFile(
      path.join(dir, MODEL),
      (await readFile(path.join(dir, MODEL), 'utf8')).replace(
        'on_configuration_change="continue"',
        'on_configuration_change="fail"',
      ),
    );
    const failed = await build(dir, 'DT_GATE');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(
      /models\/marts\/customer_totals\.sql FRG2014 dynamic table DT_GATE\.DEV_marts\.customer_totals: target_lag changed, and on_configuration_change is "fail"/,
    );
    expect(failed.ddl).toEqual([]);
  });

  it('initialize = ON_SCHEDULE is refreshed once before its tests run', async () => {
    const dir = await project('DT_SCHED', 'target_lag="1 day" initialize="on_schedule"');
    const refreshes = loopback.server.refreshes;
    const built = await build(dir, 'DT_SCHED');
    expect(built.code, built.out).toBe(0);
    expect(built.ddl.map((s) => s.split('\n')[0])).toEqual([
      'create or replace dynamic table DT_SCHED.DEV_marts.customer_totals',
      'alter dynamic table DT_SCHED.DEV_marts.customer_totals refresh',
    ]);
    expect(loopback.server.refreshes).toBe(refreshes + 1);
    expect(
      await loopback.server.query('select count(*) as n from DT_SCHED.DEV_marts.customer_totals'),
    ).toEqual([{ n: '4' }]);
  });

  it('a model switched from dynamic_table to a table, back, and to a view replaces the other kind', async () => {
    const dir = await project('DT_SWITCH', 'target_lag="1 hour"');
    expect((await build(dir, 'DT_SWITCH')).code).toBe(0);
    /** Rebuilds as `materialized`; `drops`: the DROP statements of customer_totals it sent. */
    const switchTo = async (
      materialized: string,
    ): Promise<{ code: number; out: string; drops: string[] }> => {
      await writeFile(
        path.join(dir, MODEL),
        (await readFile(path.join(dir, MODEL), 'utf8')).replace(
          /materialized="[a-z_]+"/,
          `materialized="${materialized}"`,
        ),
      );
      const before = loopback.server.statements.length;
      const { code, out } = await build(dir, 'DT_SWITCH');
      return {
        code,
        out,
        drops: loopback.server.statements
          .slice(before)
          .map((st) => st.sql)
          .filter((sql) => /^drop .* DT_SWITCH\.DEV_marts\.customer_totals$/i.test(sql)),
      };
    };
    const kind = async (): Promise<unknown[]> =>
      loopback.server
        .query(`select (select count(*) from memory.main.loopback_dynamic_tables where database_name = 'DT_SWITCH') as dynamic,
      (select count(*) from DT_SWITCH.DEV_marts.customer_totals) as n`);

    const table = await switchTo('table');
    expect(table.code, table.out).toBe(0);
    expect(table.drops).toEqual(['drop dynamic table if exists DT_SWITCH.DEV_marts.customer_totals']);
    expect(await kind()).toEqual([{ dynamic: '0', n: '4' }]);

    const back = await switchTo('dynamic_table');
    expect(back.code, back.out).toBe(0);
    expect(back.out).toMatch(
      /dynamic table DT_SWITCH\.DEV_marts\.customer_totals \(created: replacing a table of that name\)/,
    );
    expect(back.drops).toEqual(['drop table if exists DT_SWITCH.DEV_marts.customer_totals']);
    expect(await kind()).toEqual([{ dynamic: '1', n: '4' }]);

    const view = await switchTo('view');
    expect(view.code, view.out).toBe(0);
    expect(view.drops).toEqual(['drop dynamic table if exists DT_SWITCH.DEV_marts.customer_totals']);
    expect(await kind()).toEqual([{ dynamic: '0', n: '4' }]);
  });
});
