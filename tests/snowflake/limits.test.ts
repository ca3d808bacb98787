/**
 * Snowflake's limits through the real driver and the loopback server, which enforces them as
 * Snowflake does: COPY INTO's FILES list takes at most 1,000 names; a session's
 * STATEMENT_TIMEOUT_IN_SECONDS cancels a statement running longer (000630). The driver's own
 * request timeout must not cut a long statement short.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge, makeProject, type CliResult } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

/** A project whose only target is the loopback, on its own database. */
function loopbackProject(database: string, files: Record<string, string>, settings = ''): Promise<string> {
  return makeProject({
    'project.yml':
      `name: limits\ntarget: loopback\ntargets:\n  dev: { type: duckdb }\n  loopback:\n    type: snowflake\n    account: loopback\n    user: forge\n` +
      `    password: { env: FORGE_TEST_SF_PASSWORD }\n    warehouse: FORGE_WH\n    database: ${database}\n    schema: DEV\n    access_url: ${loopback.url}\n${settings}`,
    ...files,
  });
}

const model = { 'models/slow_model.sql': '{{config materialized="table"}}\nselect 1 as id\n' };

/** Builds with slow_model's table taking `ms` on the server. */
async function buildWithSlowModel(dir: string, ms: number): Promise<CliResult> {
  loopback.server.faults.slow = { pattern: /slow_model__forge_tmp as/i, ms };
  try {
    return await forge(dir, 'build', '--threads', '1');
  } finally {
    loopback.server.faults.slow = undefined;
  }
}

describe('COPY INTO in chunks of at most 1,000 files', () => {
  it('a source with 1,001 landed files loads them all', async () => {
    const dir = await loopbackProject('COPY_DB', {
      'models/sources.yml':
        'sources:\n  - name: landing\n    schema: raw\n    external: { location: "landing/{table}/*.csv", format: csv }\n    tables:\n      - name: events\n',
      'models/event_count.sql':
        '{{config materialized="table"}}\nselect count(*) as n from {{source "landing" "events"}}\n',
    });
    await mkdir(path.join(dir, 'landing/events'), { recursive: true });
    await Promise.all(
      Array.from({ length: 1001 }, (_, i) =>
        writeFile(path.join(dir, `landing/events/e${String(i).padStart(4, '0')}.csv`), `event_id\n${i}\n`),
      ),
    );
    const built = await forge(dir, 'build', '--threads', '1');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toMatch(/load COPY_DB\.raw\.events \(1001 new files\)/);
    const copies = loopback.server.statements.filter((s) => /^copy into COPY_DB\.raw\.events/i.test(s.sql));
    expect(copies.map((s) => [...s.sql.matchAll(/'landing\/events\/e\d+\.csv'/g)].length)).toEqual([1000, 1]);
    expect(
      await loopback.server.query(
        'select count(*) as n, count(distinct event_id) as ids from COPY_DB.raw.events',
      ),
    ).toEqual([{ n: '1001', ids: '1001' }]);
  }, 120_000);
});

describe('query_timeout: a statement timeout per target', () => {
  it('sets STATEMENT_TIMEOUT_IN_SECONDS on every session; Snowflake cancels a longer statement with 000630', async () => {
    const dir = await loopbackProject('TIMEOUT_DB', model, '    query_timeout: 1\n');
    const failed = await buildWithSlowModel(dir, 5_000);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /models\/slow_model\.sql FRG2003 slow_model failed in the warehouse: Snowflake 000630 \(57014\): Statement reached its statement or warehouse timeout of 1 second\(s\) and was canceled\./,
    );
    const sessions = new Set(
      loopback.server.statements.filter((s) => /TIMEOUT_DB/.test(s.sql)).map((s) => s.sessionId),
    );
    const set = loopback.server.statements.filter(
      (s) => s.sql === 'alter session set statement_timeout_in_seconds = 1',
    );
    expect([...sessions].every((id) => set.some((s) => s.sessionId === id))).toBe(true);
  }, 30_000);

  it("without it no timeout is set (Snowflake's own default applies)", async () => {
    const dir = await loopbackProject('NO_TIMEOUT_DB', model);
    const before = loopback.server.statements.length;
    expect((await forge(dir, 'build')).code).toBe(0);
    expect(loopback.server.statements.slice(before).some((s) => /statement_timeout/i.test(s.sql))).toBe(
      false,
    );
  });

  it('must be a whole number of seconds: a clear error at its line in project.yml', async () => {
    for (const [value, problem] of [
      ['"soon"', /query_timeout must be a whole number of seconds, at least 1, got "soon"/],
      ['0', /at least 1, got 0/],
      ['700000', /query_timeout may be at most 604,800 seconds \(7 days, Snowflake's limit\), got 700000/],
    ] as const) {
      const dir = await loopbackProject('BAD_TIMEOUT_DB', model, `    query_timeout: ${value}\n`);
      const failed = await forge(dir, 'parse');
      expect(failed.code).toBe(1);
      expect(failed.stdout + failed.stderr).toMatch(/project\.yml:\d+:\d+ FRG1003 /);
      expect(failed.stdout + failed.stderr).toMatch(problem);
    }
  });
});

describe("the driver's request timeout", () => {
  it("a statement running longer than login_timeout_seconds is not cut short (that budget is login's)", async () => {
    const dir = await loopbackProject('LOGIN_TIMEOUT_DB', model, '    login_timeout_seconds: 1\n');
    const built = await buildWithSlowModel(dir, 3_000);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    // sent once: a request cut by a client timeout would have been sent again
    expect(
      loopback.server.statements.filter((s) =>
        /LOGIN_TIMEOUT_DB\.DEV\.slow_model__forge_tmp as/i.test(s.sql),
      ),
    ).toHaveLength(1);
  }, 30_000);
});
