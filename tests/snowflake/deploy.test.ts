/**
 * `forge deploy`: the SQL graph as a Snowflake task graph, through the real driver and the loopback
 * server — deployed twice, DDL is issued once; a change replaces only what changed; --drop removes it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

const ddlSince = (from: number): string[] => loopback.server.statements.slice(from).map((s) => s.sql)
  .filter((s) => /^(create or replace task|drop task|alter task|select system\$task_dependents_enable)/i.test(s));

describe('forge deploy (task graph)', () => {
  it('creates the graph once, issues no DDL when nothing changed, replaces only a changed task, and drops it all', async () => {
    const dir = await loopback.fixture('incremental', 'TASK_DB');
    // deploying reads the built relations' shapes: build on the target first, as a release would
    expect((await forge(dir, 'build', '--target', 'loopback')).code).toBe(0);
    let from = loopback.server.statements.length;
    const first = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/task graph deployed: 6 created or replaced, 0 dropped, 0 unchanged/);
    expect(first.stdout).toMatch(/not a task: raw_events — seeds change with the code/);
    const created = ddlSince(from);
    expect(created.filter((s) => s.startsWith('create or replace task')).map((s) => s.split('\n')[0])).toEqual([
      'create or replace task TASK_DB.DEV.FORGE_INCREMENTAL__ROOT',
      'create or replace task TASK_DB.DEV.FORGE_INCREMENTAL__EVENTS_ALL',
      'create or replace task TASK_DB.DEV.FORGE_INCREMENTAL__EVENTS_APPEND',
      'create or replace task TASK_DB.DEV.FORGE_INCREMENTAL__EVENTS_DELETE_INSERT',
      'create or replace task TASK_DB.DEV.FORGE_INCREMENTAL__EVENTS_EXPECTED',
      'create or replace task TASK_DB.DEV.FORGE_INCREMENTAL__EVENTS_MERGE',
    ]);
    const root = created.find((s) => s.includes('__ROOT')) ?? '';
    expect(root).toContain("schedule = 'USING CRON 0 6 * * * UTC'");
    const merge = created.find((s) => s.includes('__EVENTS_MERGE\n')) ?? '';
    // the first-run / later-run choice is made when the task runs, not at deploy time
    expect(merge).toMatch(/after TASK_DB\.DEV\.FORGE_INCREMENTAL__ROOT/);
    expect(merge).toMatch(/if \(existing = 0\) then\n\s+create or replace transient table TASK_DB\.DEV\.events_merge copy grants as/);
    // later runs stage the new rows once, then apply them in one transaction
    expect(merge).toMatch(/else\n\s+create or replace temporary table TASK_DB\.DEV\.events_merge__forge_task as[\s\S]+where false;\n\s+begin transaction;\n\s+insert into TASK_DB\.DEV\.events_merge__forge_task\n/);
    expect(merge).toMatch(/merge into TASK_DB\.DEV\.events_merge as forge_t using TASK_DB\.DEV\.events_merge__forge_task as forge_s[\s\S]+commit;/);
    // CREATE TASK's documented clause order: comment, after, when, as
    expect(merge).toMatch(/\ncomment = 'forge:sha=[0-9a-f]+'\nafter TASK_DB\.DEV\.FORGE_INCREMENTAL__ROOT\nas\n/);
    expect(created.at(-1)).toBe("select system$task_dependents_enable('TASK_DB.DEV.FORGE_INCREMENTAL__ROOT')");
    expect(await loopback.server.query("select count(*) as n from memory.main.loopback_tasks where database_name = 'TASK_DB' and state = 'started'")).toEqual([{ n: '6' }]);

    from = loopback.server.statements.length;
    const again = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(again.stdout).toMatch(/task graph up to date: 6 task\(s\), no DDL issued/);
    expect(ddlSince(from)).toEqual([]);

    const model = path.join(dir, 'models/events_all.sql');
    await writeFile(model, `${await readFile(model, 'utf8')}\n-- edited\n`);
    from = loopback.server.statements.length;
    const changed = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(changed.stdout).toMatch(/1 created or replaced, 0 dropped, 5 unchanged/);
    expect(ddlSince(from).map((s) => s.split('\n')[0])).toEqual([
      'alter task if exists TASK_DB.DEV.FORGE_INCREMENTAL__ROOT suspend',
      'create or replace task TASK_DB.DEV.FORGE_INCREMENTAL__EVENTS_ALL',
      "select system$task_dependents_enable('TASK_DB.DEV.FORGE_INCREMENTAL__ROOT')",
    ]);

    const status = await forge(dir, 'deploy', '--target', 'loopback', '--status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/name\s+\| state/);

    const dropped = await forge(dir, 'deploy', '--target', 'loopback', '--drop');
    expect(dropped.stdout).toMatch(/dropped 6 task\(s\)/);
    expect(await loopback.server.query("select count(*) as n from memory.main.loopback_tasks where database_name = 'TASK_DB'")).toEqual([{ n: '0' }]);
  });

  it('refuses a DuckDB target, a missing schedule and an unbuilt target, clearly', async () => {
    const dir = await loopback.fixture('incremental', 'TASK_ERR');
    const unbuilt = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(unbuilt.code).toBe(1);
    expect(unbuilt.stderr).toMatch(/FRG2003 cannot describe events_\w+'s query for its task: Snowflake 002003/);
    expect(unbuilt.stderr).toMatch(/hint: deploy after a build on the same target: forge build --target loopback/);
    const duck = await forge(dir, 'deploy', '--cron', '0 6 * * *');
    expect(duck.code).toBe(1);
    expect(duck.stderr).toMatch(/FRG2007 forge deploy creates Snowflake tasks; target "dev" is duckdb/);
    const noCron = await forge(dir, 'deploy', '--target', 'loopback');
    expect(noCron.code).toBe(2);
    expect(noCron.stderr).toMatch(/FRG1901 forge deploy needs --cron/);
  });
});
