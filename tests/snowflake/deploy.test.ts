/**
 * `forge deploy`: the SQL graph as a Snowflake task graph, through the real driver and the loopback
 * server — deployed twice, DDL is issued once; a change replaces only what changed; --drop removes it.
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

const ddlSince = (from: number): string[] =>
  loopback.server.statements
    .slice(from)
    .map((s) => s.sql)
    .filter((s) =>
      /^(create or replace task|drop task|alter task|select system\$task_dependents_enable)/i.test(s),
    );

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
    expect(
      created.filter((s) => s.startsWith('create or replace task')).map((s) => s.split('\n')[0]),
    ).toEqual([
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
    expect(merge).toMatch(
      /if \(existing = 0\) then\n\s+create or replace transient table TASK_DB\.DEV\.events_merge copy grants as/,
    );
    // later runs stage the new rows once, then apply them in one transaction
    expect(merge).toMatch(
      /else\n\s+create or replace temporary table TASK_DB\.DEV\.events_merge__forge_task \(event_id [^\n]+, updated_at timestamp_ntz\);\n\s+begin transaction;\n\s+insert into TASK_DB\.DEV\.events_merge__forge_task \(event_id, customer_id, amount, updated_at\)\n/,
    );
    expect(merge).toMatch(
      /merge into TASK_DB\.DEV\.events_merge as forge_t using TASK_DB\.DEV\.events_merge__forge_task as forge_s[\s\S]+commit;/,
    );
    // CREATE TASK's documented clause order: comment, after, when, as
    expect(merge).toMatch(
      /\ntimezone = 'UTC'\ncomment = 'forge:sha=[0-9a-f]+'\nafter TASK_DB\.DEV\.FORGE_INCREMENTAL__ROOT\nas\n/,
    );
    expect(created.at(-1)).toBe(
      "select system$task_dependents_enable('TASK_DB.DEV.FORGE_INCREMENTAL__ROOT')",
    );
    expect(
      await loopback.server.query(
        "select count(*) as n from memory.main.loopback_tasks where database_name = 'TASK_DB' and state = 'started'",
      ),
    ).toEqual([{ n: '6' }]);

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
    expect(
      await loopback.server.query(
        "select count(*) as n from memory.main.loopback_tasks where database_name = 'TASK_DB'",
      ),
    ).toEqual([{ n: '0' }]);
  });

  it('refuses a DuckDB target, a missing schedule and an unbuilt target, clearly', async () => {
    const dir = await loopback.fixture('incremental', 'TASK_ERR');
    const unbuilt = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(unbuilt.code).toBe(1);
    expect(unbuilt.stderr).toMatch(
      /FRG2003 cannot describe events_\w+'s query for its task: Snowflake 002003/,
    );
    expect(unbuilt.stderr).toMatch(
      /hint: deploy after a build on the same target: forge build --target loopback/,
    );
    const duck = await forge(dir, 'deploy', '--cron', '0 6 * * *');
    expect(duck.code).toBe(1);
    expect(duck.stderr).toMatch(/FRG2007 forge deploy creates Snowflake tasks; target "dev" is duckdb/);
    const noCron = await forge(dir, 'deploy', '--target', 'loopback');
    expect(noCron.code).toBe(2);
    expect(noCron.stderr).toMatch(/FRG1901 forge deploy needs --cron/);
  });

  it('the deployed task bodies, executed twice, give what one forge build gives', async () => {
    const batch1 = [
      '1,100,10.0,2026-01-01 10:00:00',
      '2,100,20.0,2026-01-01 11:00:00',
      '3,101,30.0,2026-01-01 12:00:00',
    ];
    const batch2 = [
      '5,103,50.0,2026-01-02 09:00:00',
      '2,100,21.0,2026-01-02 10:00:00',
      '6,104,60.0,2026-01-02 11:00:00',
      '6,104,61.0,2026-01-02 11:30:00',
      '3,101,31.0,2026-01-01 23:00:00',
    ];
    const tasked = await loopback.fixture('incremental', 'TASKRUN_DB');
    const built = await loopback.fixture('incremental', 'TASKREF_DB');
    for (const dir of [tasked, built]) {
      await appendFile(path.join(dir, 'seeds/raw_events.csv'), `${batch1.join('\n')}\n`);
      expect((await forge(dir, 'build', '--target', 'loopback')).code).toBe(0);
      await appendFile(path.join(dir, 'seeds/raw_events.csv'), `${batch2.join('\n')}\n`);
    }
    const deployed = await forge(tasked, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    // the new data lands (seeds are not tasks), then the graph runs twice; the reference builds once
    expect((await forge(tasked, 'seed', '--target', 'loopback')).code).toBe(0);
    expect((await forge(built, 'build', '--target', 'loopback')).code).toBe(0);
    const { loaded } = await loadProject({ projectDir: tasked, target: 'loopback' });
    const warehouse = await openWarehouse(loaded?.target as Target, { threads: 1 });
    const c = await warehouse.connect();
    try {
      const runsBefore = loopback.server.engine.taskRuns.length;
      await c.execute('execute task TASKRUN_DB.DEV.FORGE_INCREMENTAL__ROOT');
      await c.execute('execute task TASKRUN_DB.DEV.FORGE_INCREMENTAL__ROOT');
      const runs = loopback.server.engine.taskRuns.slice(runsBefore);
      expect(
        runs.filter((r) => r.state !== 'SUCCEEDED'),
        JSON.stringify(runs),
      ).toEqual([]);
      expect(runs).toHaveLength(12);
    } finally {
      c.release();
      await warehouse.close();
    }
    for (const model of [
      'events_all',
      'events_append',
      'events_merge',
      'events_delete_insert',
      'events_expected',
    ]) {
      const rows = (db: string): Promise<Record<string, unknown>[]> =>
        loopback.server.query(`select * from ${db}.DEV.${model} order by all`);
      expect(await rows('TASKRUN_DB'), model).toEqual(await rows('TASKREF_DB'));
    }
  });

  it('repairs a graph whose links Snowflake dropped, and names the missing EXECUTE TASK privilege', async () => {
    const dir = await loopback.fixture('incremental', 'TASKFIX_DB');
    expect((await forge(dir, 'build', '--target', 'loopback')).code).toBe(0);
    loopback.server.executeTask = false;
    try {
      const denied = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(
        /FRG2017 the task graph was created but cannot be started: role TRANSFORMER lacks the EXECUTE TASK privilege/,
      );
      expect(denied.stderr).toMatch(
        /hint: an account administrator can grant it: grant execute task on account to role TRANSFORMER/,
      );
    } finally {
      loopback.server.executeTask = true;
    }
    // created, not started: the next deploy only enables it
    const enabled = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(enabled.stdout).toMatch(/0 created or replaced, 0 dropped, 6 unchanged/);
    // someone replaces the root by hand: Snowflake unlinks its children, which the comments cannot show
    const root =
      (
        await loopback.server.query(
          "select definition, schedule, comment from memory.main.loopback_tasks where database_name = 'TASKFIX_DB' and name = 'FORGE_INCREMENTAL__ROOT'",
        )
      )[0] ?? {};
    const { loaded } = await loadProject({ projectDir: dir, target: 'loopback' });
    const warehouse = await openWarehouse(loaded?.target as Target, { threads: 1 });
    const c = await warehouse.connect();
    try {
      await c.execute(
        `create or replace task TASKFIX_DB.DEV.FORGE_INCREMENTAL__ROOT\nwarehouse = FORGE_WH\nschedule = '${String(root['schedule'])}'\ncomment = '${String(root['comment'])}'\nas\n${String(root['definition'])}`,
      );
    } finally {
      c.release();
      await warehouse.close();
    }
    expect(
      await loopback.server.query(
        "select count(*) as n from memory.main.loopback_tasks where database_name = 'TASKFIX_DB' and len(predecessors) = 0",
      ),
    ).toEqual([{ n: '6' }]);
    // --status reads the real graph (SHOW TASKS), not the comments
    const broken = await forge(dir, 'deploy', '--target', 'loopback', '--status');
    expect(broken.stdout).toMatch(/task graph: 6 task\(s\), 6 need forge deploy/);
    expect(broken.stdout).toMatch(
      /FORGE_INCREMENTAL__EVENTS_MERGE\s+\| suspended\s+\|\s+\| unlinked: runs only by hand/,
    );
    const repaired = await forge(dir, 'deploy', '--target', 'loopback', '--cron', '0 6 * * *');
    expect(repaired.stdout, repaired.stdout + repaired.stderr).toMatch(
      /5 created or replaced, 0 dropped, 1 unchanged/,
    );
    expect(
      await loopback.server.query(
        "select count(*) as n from memory.main.loopback_tasks where database_name = 'TASKFIX_DB' and len(predecessors) = 1 and state = 'started'",
      ),
    ).toEqual([{ n: '5' }]);
    expect((await forge(dir, 'deploy', '--target', 'loopback', '--status')).stdout).toMatch(
      /task graph: 6 task\(s\), all linked and started/,
    );
  });
});
