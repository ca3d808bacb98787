/**
 * Snowflake's limits through the real driver and the loopback server, which enforces them as
 * Snowflake does: COPY INTO's FILES list takes at most 1,000 names.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge, makeProject } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

/** A project whose only target is the loopback, on its own database. */
function loopbackProject(database: string, files: Record<string, string>, settings = ''): Promise<string> {
  return makeProject({
    'project.yml': `name: limits\ntarget: loopback\ntargets:\n  dev: { type: duckdb }\n  loopback:\n    type: snowflake\n    account: loopback\n    user: forge\n` +
      `    password: { env: FORGE_TEST_SF_PASSWORD }\n    warehouse: FORGE_WH\n    database: ${database}\n    schema: DEV\n    access_url: ${loopback.url}\n${settings}`,
    ...files,
  });
}

describe('COPY INTO in chunks of at most 1,000 files', () => {
  it('a source with 1,001 landed files loads them all', async () => {
    const dir = await loopbackProject('COPY_DB', {
      'models/sources.yml': 'sources:\n  - name: landing\n    schema: raw\n    external: { location: "landing/{table}/*.csv", format: csv }\n    tables:\n      - name: events\n',
      'models/event_count.sql': '{{config materialized="table"}}\nselect count(*) as n from {{source "landing" "events"}}\n',
    });
    await mkdir(path.join(dir, 'landing/events'), { recursive: true });
    await Promise.all(Array.from({ length: 1001 }, (_, i) => writeFile(path.join(dir, `landing/events/e${String(i).padStart(4, '0')}.csv`), `event_id\n${i}\n`)));
    const built = await forge(dir, 'build', '--threads', '1');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toMatch(/load COPY_DB\.raw\.events \(1001 new files\)/);
    const copies = loopback.server.statements.filter((s) => /^copy into COPY_DB\.raw\.events/i.test(s.sql));
    expect(copies.map((s) => [...s.sql.matchAll(/'landing\/events\/e\d+\.csv'/g)].length)).toEqual([1000, 1]);
    expect(await loopback.server.query('select count(*) as n, count(distinct event_id) as ids from COPY_DB.raw.events')).toEqual([{ n: '1001', ids: '1001' }]);
  }, 120_000);
});
