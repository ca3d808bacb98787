/**
 * `forge build` on Snowflake (the loopback, through the real driver) with a stream source and grants:
 * the model reading the stream consumes it in the transaction that merges its rows (a failed merge
 * leaves the rows in the stream), and a table swapped in keeps its declared grants while undeclared
 * ones are reported (FRG2016).
 */
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

describe('streams and grants in forge build', () => {
  it('consumes the stream only with the merge that applies its rows; keeps declared grants; reports undeclared ones', async () => {
    const server = loopback.server;
    await server.query("attach ':memory:' as STREAM_DB");
    await server.query('create schema STREAM_DB.raw');
    await server.query("create table STREAM_DB.raw.orders as select * from (values (1, 'placed', timestamp '2026-01-01 10:00:00'), (2, 'placed', timestamp '2026-01-01 11:00:00')) t(order_id, status, updated_at)");
    const dir = await loopback.fixture('stream', 'STREAM_DB');
    const build = async (): Promise<{ code: number; out: string }> => { const r = await forge(dir, 'build', '--target', 'loopback', '--no-reuse'); return { code: r.code, out: r.stdout + r.stderr }; };
    const pending = async (): Promise<number> => Number((await server.query('select count(*) as n from STREAM_DB.raw.orders_changes'))[0]?.['n']);
    const first = await build();
    expect(first.code, first.out).toBe(0);
    // the first build read the rows the table held (SHOW_INITIAL_ROWS) and consumed them
    expect(await server.query('select order_id, status from STREAM_DB.DEV.order_status order by order_id')).toEqual([{ order_id: 1, status: 'placed' }, { order_id: 2, status: 'placed' }]);
    expect(await pending()).toBe(0);

    await server.query("insert into STREAM_DB.raw.orders values (1, 'shipped', timestamp '2026-01-02 10:00:00'), (3, 'placed', timestamp '2026-01-02 11:00:00')");
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
    expect(await server.query('select order_id, status from STREAM_DB.DEV.order_status order by order_id'))
      .toEqual([{ order_id: 1, status: 'shipped' }, { order_id: 2, status: 'placed' }, { order_id: 3, status: 'placed' }]);

    // the declared grant is on the rebuilt table; a grant made by hand is gone with the old one, and said so
    expect(server.engine.grants.on('STREAM_DB.DEV.order_counts')).toEqual([['SELECT', 'REPORTER']]);
    server.engine.grants.apply({ kind: 'grant', object: 'STREAM_DB.DEV.order_counts', privilege: 'select', role: 'ANALYST' });
    const rebuilt = await build();
    expect(rebuilt.code, rebuilt.out).toBe(0);
    expect(rebuilt.out).toMatch(/FRG2016 order_counts: the replaced STREAM_DB\.DEV\.order_counts had grants the project does not declare \(SELECT to ANALYST\)/);
    expect(server.engine.grants.on('STREAM_DB.DEV.order_counts')).toEqual([['SELECT', 'REPORTER']]);
  });
});
