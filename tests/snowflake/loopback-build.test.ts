/**
 * The Snowflake adapter through the real snowflake-sdk against the loopback server: fixture
 * projects build with nothing changed but the target; statements carry query tags; errors show
 * Snowflake's code with the model's file; expired sessions renew; 5xx is retried; Ctrl-C cancels.
 */
import { generateKeyPairSync } from 'node:crypto';
import { appendFile, cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { CliProcess } from '../helpers/cli-process.js';
import { LoopbackServer } from './loopback/server.js';
import { useLoopback } from './loopback/harness.js';
import { openWarehouse } from '../../src/adapters/open-warehouse.js';
import { loadProject } from '../../src/api/load-project.js';
import type { Target } from '../../src/project/targets.js';

const loopback = useLoopback();
const onLoopback = (fixture: string, database: string): Promise<string> =>
  loopback.fixture(fixture, database);

describe('forge build --target loopback (the real snowflake-sdk)', () => {
  it('builds a fixture project and its tests, with tagged statements', async () => {
    const dir = await onLoopback('state', 'STATE_DB');
    const built = await forge(dir, 'build', '--target', 'loopback');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toMatch(/7 OK, 4 tests passed/);
    const rows = await loopback.server.query(
      'select customer_id, total from STATE_DB.DEV_marts.customer_totals order by customer_id',
    );
    expect(rows.map((r) => Number(r['total']))).toEqual([20.5, 44.5, 25.99, 99]);
    const tagged = loopback.server.statements.filter((s) => s.sql.includes('customer_totals__forge_tmp'));
    expect(tagged.length).toBeGreaterThan(0);
    expect(JSON.parse(tagged[0]?.queryTag ?? '{}')).toMatchObject({
      node: 'model.shop_state.customer_totals',
    });
    expect(tagged[0]?.warehouse).toBe('FORGE_WH');
    // time and estimated credits per node of that run, from the query tags in the query history
    const cost = await forge(dir, 'report', 'cost', '--target', 'loopback');
    expect(cost.code, cost.stdout + cost.stderr).toBe(0);
    expect(cost.stdout).toMatch(/run [0-9a-f-]+ on target loopback: 11 nodes, [\d.]+ s, ≈[\d.]+ credits/);
    expect(cost.stdout).toMatch(/model\.shop_state\.customer_totals\s+\| [2-9]\s+\| [\d.]+\s+\| [\d.]+/);
    const local = await forge(dir, 'report', 'cost');
    expect(local.stdout).toMatch(/DuckDB: no credits/);
    // a second build swaps the new tables in with ALTER TABLE … SWAP WITH
    const again = await forge(dir, 'build', '--target', 'loopback');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(
      loopback.server.statements.some((s) =>
        /alter table STATE_DB\.DEV_marts\.customer_totals__forge_tmp swap with STATE_DB\.DEV_marts\.customer_totals/i.test(
          s.sql,
        ),
      ),
    ).toBe(true);
  });
});

describe('slim CI on Snowflake', () => {
  it("forge clone makes zero-copy clones from the state's database; --defer reads unselected parents there", async () => {
    const dir = await onLoopback('state', 'PROD_DB');
    expect((await forge(dir, 'build', '--target', 'loopback')).code).toBe(0);
    await cp(path.join(dir, 'target'), path.join(dir, 'state'), { recursive: true });
    // a CI target: the same account, another database
    const yml = await readFile(path.join(dir, 'project.yml'), 'utf8');
    const loopbackTarget = /  loopback:\n(?:    .*\n)+/.exec(yml)?.[0] ?? '';
    await writeFile(
      path.join(dir, 'project.yml'),
      yml.replace(
        'targets:\n',
        `targets:\n${loopbackTarget.replace('  loopback:', '  sfci:').replace('database: PROD_DB', 'database: CI_DB')}`,
      ),
    );
    const cloned = await forge(
      dir,
      'clone',
      '--target',
      'sfci',
      '--state',
      'state',
      '--select',
      'customer_totals',
    );
    expect(cloned.code, cloned.stdout + cloned.stderr).toBe(0);
    expect(
      loopback.server.statements.some(
        (s) =>
          s.sql ===
            'create or replace transient table CI_DB.DEV_marts.customer_totals clone PROD_DB.DEV_marts.customer_totals' &&
          s.ok,
      ),
    ).toBe(true);
    const deferred = await forge(
      dir,
      'build',
      '--target',
      'sfci',
      '--select',
      'country_totals',
      '--defer',
      '--favor-state',
      '--state',
      'state',
    );
    expect(deferred.code, deferred.stdout + deferred.stderr).toBe(0);
    expect(
      loopback.server.statements.some(
        (s) =>
          /create or replace view CI_DB\.DEV_marts\.country_totals copy grants as[\s\S]*from PROD_DB\.DEV_marts\.customer_totals/i.test(
            s.sql,
          ) && s.ok,
      ),
    ).toBe(true);
  });
});

describe('session state per node', () => {
  it("a model's snowflake_warehouse applies to its statements only; the pooled session goes back to the target's", async () => {
    const dir = await onLoopback('state', 'WH_DB');
    const file = path.join(dir, 'models/marts/customer_totals.sql');
    await writeFile(file, `{{config snowflake_warehouse="BIG_WH"}}\n${await readFile(file, 'utf8')}`);
    const built = await forge(dir, 'build', '--target', 'loopback', '--threads', '1');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const mine = loopback.server.statements.filter((s) => /WH_DB/.test(s.sql));
    const on = (pattern: RegExp): string[] => [
      ...new Set(mine.filter((s) => pattern.test(s.sql)).map((s) => s.warehouse)),
    ];
    expect(on(/create or replace transient table WH_DB\.DEV_marts\.customer_totals__forge_tmp/)).toEqual([
      'BIG_WH',
    ]);
    expect(on(/WH_DB\.DEV_marts\.country_totals/)).toEqual(['FORGE_WH']);
    expect(on(/WH_DB\.DEV_staging\.stg_orders__forge_tmp/)).toEqual(['FORGE_WH']);
  });
});

describe('incremental models and snapshots on the loopback', () => {
  const missing = async (a: string, b: string): Promise<number[]> =>
    (
      await loopback.server.query(
        `select event_id from (select * from INCR_DB.DEV.${a} except select * from INCR_DB.DEV.${b}) order by 1`,
      )
    ).map((r) => Number(r['event_id']));

  it('merge, delete+insert and append equal the reference batch after batch', async () => {
    const dir = await onLoopback('incremental', 'INCR_DB');
    const batch = async (lines: string[]): Promise<void> => {
      await appendFile(path.join(dir, 'seeds/raw_events.csv'), `${lines.join('\n')}\n`);
      const r = await forge(dir, 'build', '--target', 'loopback', '--threads', '2');
      expect(r.code, r.stdout + r.stderr).toBe(0);
    };
    await batch([
      '1,100,10.0,2026-01-01 10:00:00',
      '2,100,20.0,2026-01-01 11:00:00',
      '3,101,30.0,2026-01-01 12:00:00',
    ]);
    await batch([
      '5,103,50.0,2026-01-02 09:00:00',
      '2,100,21.0,2026-01-02 10:00:00',
      '6,104,60.0,2026-01-02 11:00:00',
      '6,104,61.0,2026-01-02 11:30:00',
    ]);
    for (const model of ['events_merge', 'events_delete_insert']) {
      expect(await missing('events_expected', model)).toEqual([]);
      expect(await missing(model, 'events_expected')).toEqual([]);
    }
    expect(await missing('events_all', 'events_append')).toEqual([]);
    expect(
      loopback.server.statements.some((s) => /^merge into INCR_DB\.DEV\.events_merge/i.test(s.sql) && s.ok),
    ).toBe(true);
  });

  it('snapshots keep SCD2 history', async () => {
    const dir = await onLoopback('snapshots', 'SNAP_DB');
    const load = async (rows: string[]): Promise<void> => {
      await writeFile(
        path.join(dir, 'seeds/raw_customers.csv'),
        `customer_id,segment,country,updated_at\n${rows.join('\n')}\n`,
      );
      const r = await forge(dir, 'build', '--target', 'loopback');
      expect(r.code, r.stdout + r.stderr).toBe(0);
    };
    await load(['1,consumer,US,2026-01-01 00:00:00', '2,corporate,DE,2026-01-01 00:00:00']);
    await load(['1,corporate,US,2026-01-05 00:00:00', '2,corporate,DE,2026-01-01 00:00:00']);
    const rows = await loopback.server.query(
      'select customer_id, segment, is_current from SNAP_DB.DEV.customers_history order by customer_id, valid_from',
    );
    expect(rows).toEqual([
      { customer_id: '1', segment: 'consumer', is_current: false },
      { customer_id: '1', segment: 'corporate', is_current: true },
      { customer_id: '2', segment: 'corporate', is_current: true },
    ]);
  });
});

describe('driver behaviour through the loopback', () => {
  it('values round-trip through the driver: NUMBER(38,0) beyond 2^53 stays exact, decimals, floats, dates, timestamps, booleans, NULL', async () => {
    const dir = await onLoopback('state', 'TYPES_DB');
    const { loaded } = await loadProject({ projectDir: dir, target: 'loopback' });
    const warehouse = await openWarehouse(loaded?.target as Target, { threads: 1 });
    const connection = await warehouse.connect();
    try {
      const row =
        (
          await connection.query(`select 9007199254740993::number(38,0) as big, 42::number(38,0) as small, 12.25::number(10,2) as dec,
        0.1::float as f, '2025-03-01'::date as d, '2025-03-01 10:00:00.123'::timestamp_ntz as ts, true as b, null as nothing`)
        ).rows[0] ?? {};
      expect(row['big']).toBe(9007199254740993n);
      expect(row['small']).toBe(42);
      expect(Number(row['dec'])).toBe(12.25);
      expect(row['f']).toBe(0.1);
      expect(String(row['d'])).toMatch(/2025-03-01/);
      expect(String(row['ts'])).toMatch(/2025-03-01 10:00:00\.123/);
      expect(row['b']).toBe(true);
      expect(row['nothing']).toBeNull();
      const columns = await connection.describeQuery("select 12.25::number(10,2) as dec, 'x'::varchar as s");
      expect(columns).toEqual([
        { name: 'dec', type: 'number(10,2)' },
        { name: 's', type: 'varchar' },
      ]);
    } finally {
      connection.release();
      await warehouse.close();
    }
  });

  it("a failing statement shows Snowflake's error code with the model's file; the previous table stays", async () => {
    const dir = await onLoopback('state', 'ERR_DB');
    expect((await forge(dir, 'build', '--target', 'loopback')).code).toBe(0);
    await writeFile(
      path.join(dir, 'models/marts/customer_totals.sql'),
      'select customer_id, no_such_column from {{ref "stg_customers"}}\n',
    );
    const failed = await forge(dir, 'build', '--target', 'loopback', '--select', 'customer_totals');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /models\/marts\/customer_totals\.sql FRG2003 customer_totals failed in the warehouse: Snowflake 000904 \(42000\): SQL compilation error/,
    );
    expect(await loopback.server.query('select count(*) as n from ERR_DB.DEV_marts.customer_totals')).toEqual(
      [{ n: '4' }],
    );
  });

  it('an expired session token is renewed by the driver and the run goes on; a 5xx is retried', async () => {
    const dir = await onLoopback('state', 'RENEW_DB');
    const renewals = loopback.server.renewals;
    loopback.server.faults.expireSession = true;
    loopback.server.faults.http5xx = 1;
    const built = await forge(dir, 'build', '--target', 'loopback', '--threads', '1');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(loopback.server.renewals).toBe(renewals + 1);
    expect(loopback.server.faults.http5xx).toBe(0);
  }, 60_000);

  it('a wrong password is a clear login error, with no secret in it', async () => {
    const dir = await onLoopback('state', 'LOGIN_DB');
    process.env['FORGE_TEST_SF_PASSWORD'] = 'wrong-password-123';
    try {
      const failed = await forge(dir, 'build', '--target', 'loopback');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(
        /FRG2002 cannot log in to Snowflake \(target "loopback"\): Snowflake 390100: Incorrect username or password/,
      );
      expect(failed.stdout + failed.stderr).not.toContain('wrong-password-123');
    } finally {
      process.env['FORGE_TEST_SF_PASSWORD'] = 'secret';
    }
  });

  it('key-pair authentication signs the login with the private key from an env var', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const keyed = new LoopbackServer({ user: 'forge', publicKey });
    const keyedUrl = await keyed.start();
    try {
      const dir = await onLoopback('state', 'KEY_DB');
      const yml = (await readFile(path.join(dir, 'project.yml'), 'utf8'))
        .replace('password: { env: FORGE_TEST_SF_PASSWORD }', 'private_key: { env: FORGE_TEST_SF_KEY }')
        .replace(loopback.url, keyedUrl);
      await writeFile(path.join(dir, 'project.yml'), yml);
      process.env['FORGE_TEST_SF_KEY'] = privateKey;
      const built = await forge(dir, 'build', '--target', 'loopback');
      expect(built.code, built.stdout + built.stderr).toBe(0);
      expect(keyed.logins[0]).toEqual({ user: 'forge', authenticator: 'SNOWFLAKE_JWT' });
    } finally {
      await keyed.stop();
    }
  });

  it('Ctrl-C cancels the running statement through the driver and exits 130', async () => {
    const dir = await onLoopback('state', 'CANCEL_DB');
    loopback.server.faults.slow = { pattern: /customer_totals__forge_tmp as/i, ms: 60_000 };
    const aborts = loopback.server.aborts;
    const p = new CliProcess(dir, ['build', '--target', 'loopback', '--threads', '1']);
    try {
      // wait until the slow statement is running on the server
      const deadline = Date.now() + 30_000;
      while (loopback.server.slowed === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(loopback.server.slowed).toBe(1);
      p.signal('SIGINT');
      expect(await p.exited, p.output).toBe(130);
      expect(loopback.server.aborts).toBeGreaterThan(aborts);
      expect(p.output).toMatch(/interrupted: cancelling the running statements/);
      expect(p.output).toMatch(/SQL execution canceled/);
    } finally {
      loopback.server.faults.slow = undefined;
      p.kill();
    }
  }, 60_000);
});
