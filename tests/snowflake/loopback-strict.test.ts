/**
 * The loopback refuses what Snowflake refuses and keeps what Snowflake keeps, through the real
 * snowflake-sdk: DDL commits an open transaction, streams keep offsets (consumed at the commit of a
 * DML statement reading them) and go stale, grants follow objects through SWAP and CREATE OR
 * REPLACE, task DDL is checked for clause order and EXECUTE TASK runs the body, backslash escapes
 * and the session time zone behave as on Snowflake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../src/adapters/open-warehouse.js';
import type { Connection, Warehouse } from '../../src/adapters/adapter.js';
import { loadProject } from '../../src/api/load-project.js';
import type { Target } from '../../src/project/targets.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();
let warehouse: Warehouse;
let c: Connection;

beforeAll(async () => {
  const dir = await loopback.fixture('incremental', 'STRICT_DB');
  const { loaded } = await loadProject({ projectDir: dir, target: 'loopback' });
  warehouse = await openWarehouse(loaded?.target as Target, { threads: 1 });
  c = await warehouse.connect();
  await c.execute('create schema if not exists STRICT_DB.S');
});
afterAll(async () => {
  c.release();
  await warehouse.close();
});

const values = async (sql: string): Promise<unknown[]> =>
  (await c.query(sql)).rows.map((r) => Object.values(r)[0]);

describe('a stricter loopback', () => {
  it('DDL inside BEGIN … COMMIT commits the open transaction; a later ROLLBACK does not undo it', async () => {
    await c.execute('create or replace transient table STRICT_DB.S.t as select 1 as id');
    await c.execute('begin transaction');
    await c.execute('insert into STRICT_DB.S.t (id) select 2');
    await c.execute('create or replace transient table STRICT_DB.S.u as select 1 as id');
    await c.execute('rollback');
    expect(await values('select id from STRICT_DB.S.t order by id')).toEqual([1, 2]);
    // a DML-only transaction still rolls back
    await c.execute('begin transaction');
    await c.execute('insert into STRICT_DB.S.t (id) select 3');
    await c.execute('rollback');
    expect(await values('select count(*) from STRICT_DB.S.t')).toEqual([2]);
  });

  it("a stream returns only changes since the DML that last consumed it, consumed at that DML's commit; unconsumed too long, it is stale", async () => {
    await c.execute('create or replace transient table STRICT_DB.S.src as select 1 as id');
    await c.execute('create or replace transient table STRICT_DB.S.sink as select 0 as id where false');
    await c.execute(
      'create stream if not exists STRICT_DB.S.src_changes on table STRICT_DB.S.src show_initial_rows = true',
    );
    expect(await values('select id from STRICT_DB.S.src_changes')).toEqual([1]);
    expect(await values('select id from STRICT_DB.S.src_changes')).toEqual([1]); // a query does not consume
    await c.execute('begin transaction');
    await c.execute('insert into STRICT_DB.S.sink (id) select id from STRICT_DB.S.src_changes');
    await c.execute('rollback');
    expect(await values('select id from STRICT_DB.S.src_changes')).toEqual([1]); // rolled back: not consumed
    await c.execute('insert into STRICT_DB.S.sink (id) select id from STRICT_DB.S.src_changes');
    expect(await values('select count(*) from STRICT_DB.S.src_changes')).toEqual([0]);
    await c.execute('insert into STRICT_DB.S.src (id) select 2');
    expect(await values('select id from STRICT_DB.S.src_changes')).toEqual([2]);
    const show = (): Promise<unknown[]> =>
      c
        .query("show streams like 'SRC_CHANGES' in schema STRICT_DB.S")
        .then((r) => r.rows.map((x) => x['stale']));
    expect(await show()).toEqual(['false']);
    loopback.server.clockOffsetMs += loopback.server.streamStaleAfterMs + 1000;
    try {
      expect(await show()).toEqual(['true']);
      await expect(c.query('select * from STRICT_DB.S.src_changes')).rejects.toThrow(
        /091901.*has become stale/s,
      );
    } finally {
      loopback.server.clockOffsetMs = 0;
    }
  });

  it('grants follow objects: SWAP WITH swaps them, CREATE OR REPLACE drops them unless COPY GRANTS', async () => {
    const grants = async (t: string): Promise<string[]> =>
      (await c.query(`show grants on table STRICT_DB.S.${t}`)).rows.map(
        (r) => `${String(r['privilege'])} ${String(r['grantee_name'])}`,
      );
    await c.execute('create or replace transient table STRICT_DB.S.live as select 1 as id');
    await c.execute('grant select on table STRICT_DB.S.live to role REPORTER');
    await c.execute('create or replace transient table STRICT_DB.S.live__forge_tmp as select 2 as id');
    await c.execute('alter table STRICT_DB.S.live__forge_tmp swap with STRICT_DB.S.live');
    expect(await grants('live')).toEqual([]);
    expect(await grants('live__forge_tmp')).toEqual(['SELECT REPORTER']);
    await c.execute('grant select on table STRICT_DB.S.live to role REPORTER');
    await c.execute('create or replace transient table STRICT_DB.S.live copy grants as select 3 as id');
    expect(await grants('live')).toEqual(['SELECT REPORTER']);
    await c.execute('create or replace transient table STRICT_DB.S.live as select 4 as id');
    expect(await grants('live')).toEqual([]);
  });

  it('CREATE TASK clauses in the documented order only; EXECUTE TASK runs the body; resuming needs EXECUTE TASK', async () => {
    await c.execute('create or replace transient table STRICT_DB.S.runs as select 0 as n');
    await expect(
      c.execute(
        "create or replace task STRICT_DB.S.T1\nwarehouse = FORGE_WH\nschedule = 'USING CRON 0 6 * * * UTC'\nwhen true\ncomment = 'x'\nas\nselect 1",
      ),
    ).rejects.toThrow(/001003/);
    await c.execute(
      "create or replace task STRICT_DB.S.T1\nwarehouse = FORGE_WH\nschedule = 'USING CRON 0 6 * * * UTC'\ncomment = 'x'\nas\n" +
        'execute immediate $$\ndeclare\n  n integer default 0;\nbegin\n  select count(*) into :n from STRICT_DB.S.runs;\n  if (n = 1) then\n    insert into STRICT_DB.S.runs (n) select 10;\n  else\n    insert into STRICT_DB.S.runs (n) select 20;\n  end if;\nend;\n$$',
    );
    await c.execute('execute task STRICT_DB.S.T1');
    await c.execute('execute task STRICT_DB.S.T1');
    expect(await values('select n from STRICT_DB.S.runs order by n')).toEqual([0, 10, 20]);
    loopback.server.executeTask = false;
    try {
      await expect(c.execute('alter task if exists STRICT_DB.S.T1 resume')).rejects.toThrow(
        /003001.*Insufficient privileges/s,
      );
    } finally {
      loopback.server.executeTask = true;
    }
  });

  it('backslash escapes in string literals are processed; the clock reads in the session time zone (America/Los_Angeles unless set)', async () => {
    expect(await values("select 'a\\nb'")).toEqual(['a\nb']);
    expect(await values("select '\\\\d+'")).toEqual(['\\d+']);
    expect(await values("select 'it\\'s'")).toEqual(["it's"]);
    // Forge's sessions are set to UTC at login
    const hours = async (): Promise<number> =>
      Number((await values("select datediff('hour', sysdate(), current_timestamp()::timestamp_ntz)"))[0]);
    expect(Math.abs(await hours())).toBeLessThanOrEqual(0);
    await c.execute("alter session set timezone = 'America/Los_Angeles'");
    try {
      expect([-7, -8]).toContain(await hours());
    } finally {
      await c.execute("alter session set timezone = 'UTC'");
    }
  });
});

describe('functions', () => {
  it("a function Snowflake does not have is refused with Snowflake's error, though DuckDB has it", async () => {
    await expect(c.query('select bool_or(id = 1) from STRICT_DB.S.t')).rejects.toThrow(
      /002140.*Unknown function BOOL_OR/s,
    );
    expect(await values('select boolor_agg(id = 1) from STRICT_DB.S.t')).toEqual([true]);
  });
});
