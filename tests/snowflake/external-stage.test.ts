/**
 * A source on a cloud URL loads through an external stage (the seed's data-lake ingestion): the
 * loopback maps the bucket to a local directory; Snowflake's load metadata makes loading idempotent,
 * and the load history records each file once.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forge, makeProject } from '../helpers/project.js';
import { LoopbackServer } from './loopback/server.js';

let server: LoopbackServer;
let bucket: string;
let url: string;
beforeAll(async () => {
  bucket = await mkdtemp(path.join(tmpdir(), 'forge-bucket-'));
  server = new LoopbackServer({ user: 'forge', password: 'secret', buckets: { 's3://lake-bucket': bucket } });
  url = await server.start();
  process.env['FORGE_TEST_SF_PASSWORD'] = 'secret';
});
afterAll(async () => {
  await server.stop();
});

const project = (database = 'LAKE_DB'): Promise<string> =>
  makeProject({
    'project.yml':
      `name: lake\ntarget: loopback\ntargets:\n  dev: { type: duckdb }\n  loopback:\n    type: snowflake\n    account: loopback\n    user: forge\n` +
      `    password: { env: FORGE_TEST_SF_PASSWORD }\n    warehouse: FORGE_WH\n    database: ${database}\n    schema: DEV\n    access_url: ${url}\n`,
    'models/sources.yml':
      `sources:\n  - name: lake\n    schema: raw\n    external: { location: "s3://lake-bucket/landing/{table}/*.csv", storage_integration: LAKE_S3 }\n` +
      `    tables:\n      - name: orders\n        columns: [{ name: order_id }, { name: status }]\n`,
    'models/order_count.sql':
      '{{config materialized="table"}}\nselect count(*) as orders from {{source "lake" "orders"}}\n',
  });

describe('external stages', () => {
  it('load new files from the bucket once each, with their history', async () => {
    await mkdir(path.join(bucket, 'landing/orders'), { recursive: true });
    await writeFile(
      path.join(bucket, 'landing/orders/day1.csv'),
      'order_id,status\n1,placed\n2,"shipped, late"\n',
    );
    await writeFile(path.join(bucket, 'landing/orders/day2.csv'), 'order_id,status\n3,placed\n');
    await writeFile(path.join(bucket, 'landing/orders/notes.txt'), 'not a csv\n');
    const dir = await project();
    const first = await forge(dir, 'build');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /load LAKE_DB\.raw\.orders from s3:\/\/lake-bucket\/landing\/orders\/ \(2 new files\)/,
    );
    expect(
      server.statements.some((s) =>
        /^create stage if not exists LAKE_DB\.raw\.forge_stage_orders\nurl = 's3:\/\/lake-bucket\/landing\/orders\/'\nstorage_integration = LAKE_S3/.test(
          s.sql,
        ),
      ),
    ).toBe(true);
    await writeFile(path.join(bucket, 'landing/orders/day3.csv'), 'order_id,status\n4,placed\n');
    const second = await forge(dir, 'build');
    expect(second.stdout).toMatch(/\(1 new file\)/);
    const third = await forge(dir, 'build');
    expect(third.stdout).toMatch(/\(0 new files\)/);
    expect(await server.query("select status from LAKE_DB.raw.orders where order_id = '2'")).toEqual([
      { status: 'shipped, late' },
    ]);
    expect(
      await server.query('select file, rows_loaded from LAKE_DB.raw._forge_loads order by file'),
    ).toEqual([
      { file: 'day1.csv', rows_loaded: '2' },
      { file: 'day2.csv', rows_loaded: '1' },
      { file: 'day3.csv', rows_loaded: '1' },
    ]);
  });

  it('a file rewritten in the bucket (a new ETag) loads again, its old rows replaced in the same transaction', async () => {
    await mkdir(path.join(bucket, 'landing/orders'), { recursive: true });
    await writeFile(path.join(bucket, 'landing/orders/day1.csv'), 'order_id,status\n1,placed\n2,placed\n');
    const dir = await project('LAKE_RELOAD');
    expect((await forge(dir, 'build')).code).toBe(0);
    await writeFile(path.join(bucket, 'landing/orders/day1.csv'), 'order_id,status\n1,shipped\n');
    const rebuilt = await forge(dir, 'build');
    expect(rebuilt.code, rebuilt.stdout + rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toMatch(/\(0 new files, 1 reloaded\)/);
    expect(rebuilt.stderr).toContain(
      "LAKE_RELOAD.raw.orders: reloaded day1.csv (rewritten in s3://lake-bucket/landing/orders/: Snowflake's load metadata saw a new ETag); its old rows replaced",
    );
    expect(
      await server.query(
        "select order_id, status, _source_file from LAKE_RELOAD.raw.orders where _source_file = 'day1.csv'",
      ),
    ).toEqual([{ order_id: '1', status: 'shipped', _source_file: 'day1.csv' }]);
    expect(
      await server.query(
        "select file, rows_loaded from LAKE_RELOAD.raw._forge_loads where file = 'day1.csv'",
      ),
    ).toEqual([{ file: 'day1.csv', rows_loaded: '1' }]);
  });

  it('on DuckDB a cloud location is a clear error at the source', async () => {
    const dir = await project();
    const duck = await forge(dir, 'build', '--target', 'dev');
    expect(duck.code).toBe(1);
    expect(duck.stdout).toMatch(
      /models\/sources\.yml:\d+:\d+ FRG2007 lake\.orders loads from s3:\/\/lake-bucket\/landing\/orders\/\*\.csv, which duckdb reads only through a Snowflake external stage/,
    );
  });
});
