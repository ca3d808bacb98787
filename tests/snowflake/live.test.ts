/**
 * Opt-in tests against a real Snowflake account: skipped unless FORGE_SF_ACCOUNT is set. Also needed:
 * FORGE_SF_USER, FORGE_SF_PASSWORD (or FORGE_SF_PRIVATE_KEY, PEM text), FORGE_SF_ROLE,
 * FORGE_SF_WAREHOUSE, FORGE_SF_DATABASE (the role must be able to create schemas there).
 * Each run builds into its own schemas (FORGE_LIVE_<random>_…) and drops them at the end.
 * Covered: every DDL kind Forge emits (tables swapped in, views, incremental merge / delete+insert /
 * append, snapshots, seeds as VALUES, tests), a dynamic table created / refreshed / unchanged, a
 * stream consumed by a task, type round trips (NUMBER(38,0) beyond 2^53, TIMESTAMP_NTZ/LTZ/TZ,
 * VARIANT), the error codes Forge shows, and cancellation.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../src/adapters/open-warehouse.js';
import { loadProject } from '../../src/api/load-project.js';
import { copyFixture, forge, makeProject } from '../helpers/project.js';

const live = process.env['FORGE_SF_ACCOUNT'] !== undefined;
const schema = `FORGE_LIVE_${randomBytes(4).toString('hex').toUpperCase()}`;
const credentials = process.env['FORGE_SF_PRIVATE_KEY']
  ? 'private_key: { env: FORGE_SF_PRIVATE_KEY }'
  : 'password: { env: FORGE_SF_PASSWORD }';
const TARGET = `  live:
    type: snowflake
    account: { env: FORGE_SF_ACCOUNT }
    user: { env: FORGE_SF_USER }
    ${credentials}
    role: { env: FORGE_SF_ROLE }
    warehouse: { env: FORGE_SF_WAREHOUSE }
    database: { env: FORGE_SF_DATABASE }
    schema: ${schema}
`;

async function onLive(fixture: string): Promise<string> {
  const dir = await copyFixture(fixture);
  const yml = await readFile(path.join(dir, 'project.yml'), 'utf8');
  await writeFile(
    path.join(dir, 'project.yml'),
    yml.includes('targets:')
      ? yml.replace('targets:\n', `targets:\n${TARGET}`)
      : `${yml}\ntargets:\n  dev: { type: duckdb }\n${TARGET}`,
  );
  return dir;
}

async function liveWarehouse(dir: string) {
  const { loaded } = await loadProject({ projectDir: dir, target: 'live' });
  if (!loaded) throw new Error('the live target does not load');
  return openWarehouse(loaded.target, { threads: 2 });
}

let cleanupDir: string | undefined;
afterAll(async () => {
  if (!live || !cleanupDir) return;
  const warehouse = await liveWarehouse(cleanupDir);
  const connection = await warehouse.connect();
  const database = process.env['FORGE_SF_DATABASE'] ?? '';
  const schemas = await connection.query(
    `select schema_name from ${database}.information_schema.schemata where schema_name like '${schema}%'`,
  );
  for (const row of schemas.rows)
    await connection.execute(`drop schema if exists ${database}.${String(row['schema_name'])} cascade`);
  connection.release();
  await warehouse.close();
});

describe.skipIf(!live)('live Snowflake (opt-in)', () => {
  it('builds tables, views, tests and swaps them on a rebuild', async () => {
    const dir = (cleanupDir = await onLive('state'));
    const first = await forge(dir, 'build', '--target', 'live');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const second = await forge(dir, 'build', '--target', 'live');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const shown = await forge(
      dir,
      'show',
      '--target',
      'live',
      '--inline',
      'select count(*) as n from {{ref "customer_totals"}}',
    );
    expect(shown.stdout).toMatch(/\b4\b/);
  }, 300_000);

  it('incremental strategies and snapshots', async () => {
    const dir = await onLive('incremental');
    await appendFile(
      path.join(dir, 'seeds/raw_events.csv'),
      '1,100,10.0,2026-01-01 10:00:00\n2,100,20.0,2026-01-01 11:00:00\n',
    );
    expect((await forge(dir, 'build', '--target', 'live')).code).toBe(0);
    await appendFile(
      path.join(dir, 'seeds/raw_events.csv'),
      '2,100,21.0,2026-01-02 10:00:00\n3,101,30.0,2026-01-02 11:00:00\n',
    );
    const again = await forge(dir, 'build', '--target', 'live');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const diff = await forge(
      dir,
      'show',
      '--target',
      'live',
      '--inline',
      'select count(*) as n from (select * from {{ref "events_expected"}} except select * from {{ref "events_merge"}})',
    );
    expect(diff.stdout).toMatch(/\b0\b/);
    const snaps = await onLive('snapshots');
    await writeFile(
      path.join(snaps, 'seeds/raw_customers.csv'),
      'customer_id,segment,country,updated_at\n1,consumer,US,2026-01-01 00:00:00\n',
    );
    expect((await forge(snaps, 'build', '--target', 'live')).code).toBe(0);
  }, 300_000);

  it('a dynamic table is created, refreshed and left alone when unchanged; a stream is consumed by a deployed task; files load by COPY INTO', async () => {
    const dir = await onLive('state');
    const model = path.join(dir, 'models/marts/customer_totals.sql');
    await writeFile(
      model,
      `{{config materialized="dynamic_table" target_lag="1 day" initialize="on_schedule"}}\n${await readFile(model, 'utf8')}`,
    );
    const built = await forge(dir, 'build', '--target', 'live');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toMatch(/\(created: new dynamic table\)/);
    expect((await forge(dir, 'build', '--target', 'live', '-s', 'customer_totals')).stdout).toMatch(
      /\(unchanged\)/,
    );
    // a stream on a table, consumed by the task forge deploy made for the model reading it
    const warehouse = await liveWarehouse(dir);
    const connection = await warehouse.connect();
    try {
      const database = process.env['FORGE_SF_DATABASE'] ?? '';
      const raw = `${database}.${schema}_raw`;
      await connection.execute(`create or replace table ${raw}.events (id number, amount number)`);
      await connection.execute(`create stream if not exists ${raw}.events_changes on table ${raw}.events`);
      await connection.execute(`insert into ${raw}.events values (1, 10), (2, 20)`);
      const hasData = (
        await connection.query(`select system$stream_has_data('${raw}.events_changes') as has`)
      ).rows[0]?.['has'];
      expect(hasData).toBe(true);
      await connection.execute(`create or replace table ${raw}.events_seen (id number, amount number)`);
      await connection.execute(
        `create or replace task ${raw}.consume warehouse = ${process.env['FORGE_SF_WAREHOUSE']} when system$stream_has_data('${raw}.events_changes') ` +
          `as insert into ${raw}.events_seen select id, amount from ${raw}.events_changes where metadata$action = 'INSERT'`,
      );
      await connection.execute(`execute task ${raw}.consume`);
      const deadline = Date.now() + 90_000;
      let seen = 0;
      while (Date.now() < deadline && seen < 2) {
        await new Promise((r) => setTimeout(r, 3000));
        seen = Number(
          (await connection.query(`select count(*) as n from ${raw}.events_seen`)).rows[0]?.['n'] ?? 0,
        );
      }
      expect(seen).toBe(2);
      expect(
        (await connection.query(`select system$stream_has_data('${raw}.events_changes') as has`)).rows[0]?.[
          'has'
        ],
      ).toBe(false);
    } finally {
      connection.release();
      await warehouse.close();
    }
    // landed files through the user stage: PUT + COPY INTO, idempotent
    const loads = await makeProject({
      'project.yml': `name: live_loads\ntarget: live\ntargets:\n${TARGET}`,
      'models/sources.yml':
        'sources:\n  - name: landing\n    schema: ' +
        `${schema}_raw` +
        '\n    external: { location: "landing/{table}/*.csv", format: csv }\n    tables:\n      - name: orders\n',
      'landing/orders/a.csv': 'order_id,status\n1,placed\n2,shipped\n',
      'landing/orders/b.csv': 'order_id,status\n3,"delivered, late"\n',
      'models/order_count.sql': 'select count(*) as n from {{source "landing" "orders"}}\n',
    });
    const loaded = await forge(loads, 'build');
    expect(loaded.code, loaded.stdout + loaded.stderr).toBe(0);
    expect(loaded.stdout).toMatch(/\(2 new files\)/);
    const again = await forge(loads, 'build');
    expect(again.stdout).toMatch(/\(0 new files\)/);
    const count = await forge(
      loads,
      'show',
      '--inline',
      'select count(*) as n from {{source "landing" "orders"}}',
    );
    expect(count.stdout).toMatch(/\b3\b/);
  }, 300_000);

  it('round-trips types: NUMBER(38,0) beyond 2^53, timestamps, VARIANT', async () => {
    const warehouse = await liveWarehouse(await onLive('state'));
    const connection = await warehouse.connect();
    try {
      const row =
        (
          await connection.query(`select 9007199254740993::number(38,0) as big, 12.5::number(10,2) as dec,
        '2025-03-01 10:00:00.123'::timestamp_ntz as ntz, '2025-03-01 10:00:00 +02:00'::timestamp_tz as tz,
        '2025-03-01 10:00:00'::timestamp_ltz as ltz, parse_json('{"a": [1, 2]}') as v`)
        ).rows[0] ?? {};
      expect(row['big']).toBe(9007199254740993n);
      expect(Number(row['dec'])).toBe(12.5);
      expect(String(row['ntz'])).toMatch(/2025-03-01/);
      expect(String(row['tz'])).toMatch(/2025-03-01/);
      expect(row['ltz']).toBeDefined();
      expect(row['v']).toEqual({ a: [1, 2] });
    } finally {
      connection.release();
      await warehouse.close();
    }
  }, 120_000);

  it('shows the error codes Forge branches on, and cancels a running query', async () => {
    const warehouse = await liveWarehouse(await onLive('state'));
    const connection = await warehouse.connect();
    try {
      await expect(connection.query('select no_such_column from (select 1 as a)')).rejects.toThrow(
        /Snowflake 000904/,
      );
      await expect(connection.query('select * from no_such_database_xyz.no_schema.no_table')).rejects.toThrow(
        /Snowflake 002003/,
      );
      const slow = connection.query('select system$wait(30)');
      setTimeout(() => {
        void warehouse.cancel?.();
      }, 2000);
      const started = Date.now();
      await expect(slow).rejects.toThrow(/Snowflake 000604|cancel/i);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      connection.release();
      await warehouse.close();
    }
  }, 120_000);
});
