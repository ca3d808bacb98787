/**
 * The example project, unchanged, built with `--target prod` through the real snowflake-sdk against
 * the loopback server: landed files PUT to the user stage and COPY'd in, every model, snapshot,
 * data test, unit test and ML node (trained, registered, deployed as SQL UDFs, parity-checked) —
 * and the marts equal the same build on DuckDB.
 */
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleProject, forge, makeProject, query } from '../helpers/project.js';
import { LoopbackServer } from './loopback/server.js';
import { serve } from '../../src/serve/server.js';
import { openWarehouse } from '../../src/adapters/open-warehouse.js';
import { loadProject } from '../../src/api/load-project.js';
import type { Target } from '../../src/project/targets.js';

let server: LoopbackServer;

/** EXECUTE TASK on the example's root, through the real driver as the prod target. */
async function executeRoot(dir: string): Promise<void> {
  const { loaded } = await loadProject({ projectDir: dir, target: 'prod' });
  const warehouse = await openWarehouse(loaded?.target as Target, { threads: 1 });
  const c = await warehouse.connect();
  try {
    await c.execute('execute task FORGE_SHOP.FORGE.FORGE_SHOP__ROOT');
  } finally {
    c.release();
    await warehouse.close();
  }
}
const saved = { ...process.env };

beforeAll(async () => {
  // the example's prod target signs in with a key pair, read from the file SNOWFLAKE_PRIVATE_KEY_PATH names
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const keys = await makeProject({ 'rsa_key.p8': privateKey });
  server = new LoopbackServer({ user: 'forge', publicKey });
  const url = await server.start();
  Object.assign(process.env, {
    SNOWFLAKE_ACCOUNT: 'loopback',
    SNOWFLAKE_USER: 'forge',
    SNOWFLAKE_PRIVATE_KEY_PATH: path.join(keys, 'rsa_key.p8'),
    SNOWFLAKE_ACCESS_URL: url,
  });
});
afterAll(async () => {
  await server.stop();
  process.env = saved;
});

describe('the example project on Snowflake (loopback)', () => {
  it('builds end to end with --target prod, equals the DuckDB build, and a second build loads nothing twice', async () => {
    const dir = await copyExampleProject();
    const duck = await forge(dir, 'build', '-q');
    expect(duck.code, duck.stdout).toBe(0);
    const built = await forge(dir, 'build', '--target', 'prod', '--threads', '4');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(new Set(server.logins.map((l) => l.authenticator))).toEqual(new Set(['SNOWFLAKE_JWT']));
    expect(built.stdout).toMatch(/\d+ OK, \d+ tests passed, 0 warned, 0 failed, 0 errors, 0 skipped/);
    expect(built.stderr).toMatch(
      /churn_model: version 1 registered as default; UDFs match TypeScript on \d+ golden rows/,
    );
    // statements really went through the stage and the SQL UDFs
    expect(server.statements.filter((s) => /^put 'file:\/\//.test(s.sql)).length).toBeGreaterThan(9);
    expect(server.statements.some((s) => /^copy into FORGE_SHOP\.raw\.orders /i.test(s.sql) && s.ok)).toBe(
      true,
    );
    expect(
      server.statements.some(
        (s) =>
          /^create or replace function FORGE_SHOP\.FORGE_ml\.predict_churn_probability\(/i.test(s.sql) &&
          s.ok,
      ),
    ).toBe(true);
    expect(
      server.statements.some(
        (s) =>
          /^create or replace transient table FORGE_SHOP\.FORGE_gold\.fact_sales__forge_tmp cluster by \(order_date\) as/i.test(
            s.sql,
          ) && s.ok,
      ),
    ).toBe(true);
    // a real dynamic table and a stream feeding a model
    expect(
      server.statements.some(
        (s) =>
          /^create or replace dynamic table FORGE_SHOP\.FORGE_gold\.sales_kpis_monthly/i.test(s.sql) && s.ok,
      ),
    ).toBe(true);
    expect(
      server.statements.some(
        (s) =>
          s.sql ===
            'create stream if not exists FORGE_SHOP.raw.orders_changes on table FORGE_SHOP.raw.orders show_initial_rows = true' &&
          s.ok,
      ),
    ).toBe(true);
    // the same numbers as on DuckDB
    const revenue =
      'category, round(gross_revenue, 2) as gross_revenue, round(refunds, 2) as refunds, round(net_revenue, 2) as net_revenue';
    const local = await query(dir, `select ${revenue} from {{ref "revenue_by_category"}} order by category`);
    const remote = await server.query(
      `select ${revenue} from FORGE_SHOP.FORGE_gold.revenue_by_category order by category`,
    );
    const figures = (rows: Record<string, unknown>[]): unknown[][] =>
      rows.map((r) => [
        r['category'],
        Number(r['gross_revenue']),
        Number(r['refunds']),
        Number(r['net_revenue']),
      ]);
    expect(figures(remote)).toEqual(figures(local));
    const facts = await query(dir, 'select count(*) as n from {{ref "fact_sales"}}');
    expect(await server.query('select count(*) as n from FORGE_SHOP.FORGE_gold.fact_sales')).toEqual([
      { n: String(facts[0]?.['n']) },
    ]);
    // a second build: nothing new to load, incremental models merge
    // --no-reuse: every node runs (what each materialization does on a build with nothing new)
    const again = await forge(dir, 'build', '--target', 'prod', '--threads', '4', '--no-reuse');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('load FORGE_SHOP.raw.orders (0 new files)');
    expect(again.stdout).toMatch(/incremental merge FORGE_SHOP\.FORGE_gold\.fact_sales/);
    expect(again.stdout).toMatch(/dynamic table FORGE_SHOP\.FORGE_gold\.sales_kpis_monthly \(unchanged\)/);
    // without --no-reuse, models whose inputs did not change are reused (generations kept in Snowflake)
    const reused = await forge(
      dir,
      'build',
      '--target',
      'prod',
      '--select',
      'fact_sales',
      'sales_kpis_monthly',
    );
    expect(reused.code, reused.stdout + reused.stderr).toBe(0);
    expect(reused.stdout).toMatch(/REUSE fact_sales \(reused/);
    expect(reused.stdout).toMatch(/REUSE sales_kpis_monthly \(reused/);
    // deployed as a task graph: the stream-fed model runs only when its stream has data
    const from = server.statements.length;
    const deployed = await forge(dir, 'deploy', '--target', 'prod', '--cron', '0 6 * * *');
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    expect(deployed.stdout).toMatch(
      /not a task: churn_model — training needs Forge itself: run it with forge schedule/,
    );
    expect(deployed.stdout).toMatch(/not a task: sales_kpis_monthly — a dynamic table refreshes itself/);
    const streamTask =
      server.statements
        .slice(from)
        .find((s) =>
          s.sql.startsWith('create or replace task FORGE_SHOP.FORGE.FORGE_SHOP__ORDER_STATUS_LATEST'),
        )?.sql ?? '';
    expect(streamTask).toContain("when system$stream_has_data('FORGE_SHOP.raw.orders_changes')");
    // the deployed bodies really run: the whole graph twice, every task succeeds (or is skipped: no stream data),
    // and with no new data every table holds what the build made
    const tables = async (): Promise<Record<string, unknown>[]> => {
      const names = await server.query(
        "select table_schema, table_name from information_schema.tables where table_catalog = 'FORGE_SHOP' and table_type = 'BASE TABLE' and table_schema like 'FORGE_%' and table_name not like 'forge_%' order by all",
      );
      return Promise.all(
        names.map(async (t) => ({
          table: `${String(t['table_schema'])}.${String(t['table_name'])}`,
          ...(
            await server.query(
              `select count(*) as n, coalesce(sum(hash(t)::hugeint), 0)::varchar as h from FORGE_SHOP.${String(t['table_schema'])}.${String(t['table_name'])} t`,
            )
          )[0],
        })),
      );
    };
    const before = await tables();
    const runsBefore = server.engine.taskRuns.length;
    for (let run = 0; run < 2; run++) await executeRoot(dir);
    const runs = server.engine.taskRuns.slice(runsBefore);
    expect(
      runs.filter((r) => r.state === 'FAILED'),
      JSON.stringify(runs.filter((r) => r.state === 'FAILED')).slice(0, 2000),
    ).toEqual([]);
    expect(runs.filter((r) => r.state === 'SUCCEEDED').length).toBeGreaterThan(20);
    expect(await tables()).toEqual(before);
    // the dashboard reads Snowflake through the same adapter, filters bound as the driver's binds
    const served = await serve({ projectDir: dir, target: 'prod' }, { host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(
        `${served.url}/api/dashboard?from=2026-01-01&to=2026-10-31&country=US&segment=`,
      );
      const body = (await response.json()) as {
        kpis: { rows: { period: string; net_revenue: unknown }[] };
        highRisk: { rows: unknown[] };
      };
      expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(200);
      expect(body.kpis.rows.map((r) => r.period).sort()).toEqual(['current', 'previous']);
      expect(Number(body.kpis.rows[0]?.net_revenue)).toBeGreaterThan(0);
      expect(
        server.statements.some((s) => /from FORGE_SHOP\.FORGE_gold\.fact_sales f/.test(s.sql) && s.ok),
      ).toBe(true);
    } finally {
      await served.close();
    }
  }, 180_000);

  it('forge debug shows the target with its secret masked and a working connection', async () => {
    const dir = await copyExampleProject();
    const debug = await forge(dir, 'debug', '--target', 'prod');
    expect(debug.code, debug.stdout + debug.stderr).toBe(0);
    expect(debug.stdout).toMatch(/auth {8}key pair \(private_key_path\)/);
    expect(debug.stdout).toMatch(/"private_key_passphrase":"\*\*\*\*"/);
    expect(debug.stdout).not.toContain('PRIVATE KEY');
    expect(debug.stdout).toMatch(/connection {2}OK/);
  });
});
