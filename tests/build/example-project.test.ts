import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { copyExampleProject, forge, query } from '../helpers/project.js';

describe('the example project', () => {
  it('builds end to end on DuckDB, and a second build with no new data reuses every model that depends only on it', async () => {
    const dir = await copyExampleProject();
    const first = await forge(dir, 'build');
    expect(first.code, first.stdout).toBe(0);
    expect(first.stderr).toContain(
      'no landed data in .forge/landing yet: generating it (scale default) before the build',
    );
    expect(first.stdout).toMatch(/\d+ OK, \d+ tests passed, 0 warned, 0 failed, 0 errors, 0 skipped/);
    const facts = await query(dir, 'select count(*) as n from {{ref "fact_sales"}}');
    expect(facts[0]?.['n']).toBeGreaterThan(50_000);
    expect(await query(dir, 'select count(*) as n from {{ref "revenue_by_category"}}')).toEqual([{ n: 5 }]);
    // the ML nodes trained, registered, deployed, and scored the latest cutoff
    expect(first.stderr).toMatch(
      /churn_model: version 1 registered as default; UDFs match TypeScript on \d+ golden rows/,
    );
    expect(first.stderr).toMatch(/test: R² 0\.\d+  MSE/);
    expect(
      await query(
        dir,
        'select name, version from ml.forge_model_registry join ml.forge_model_aliases using (name, version) order by name',
      ),
    ).toEqual([
      { name: 'churn_model', version: 1 },
      { name: 'churn_model_logistic', version: 1 },
      { name: 'ltv_model', version: 1 },
    ]);
    const predictions = await query(
      dir,
      `select count(*) = (select count(*) from {{ref "churn_scoring_set"}}) as all_scored, min(model_version) as version,
      count(distinct risk_band) > 1 as banded from {{ref "customer_churn_predictions"}}`,
    );
    expect(predictions).toEqual([{ all_scored: true, version: 1, banded: true }]);
    const second = await forge(dir, 'build');
    expect(second.stdout).toContain('load raw.orders (0 new files)');
    expect(second.stdout).toMatch(/REUSE fact_sales \(reused: inputs unchanged since its last build\)/);
    expect(second.stdout).toMatch(
      /PASS  test unique_stg_orders_order_id \(reused: inputs unchanged since its last pass\)/,
    );
    expect(Number(/, (\d+) reused,/.exec(second.stdout)?.[1])).toBeGreaterThan(40);
    expect(second.stdout).toMatch(/ml ml\.churn_model v1 \(up to date, not retrained\)/);
    expect(second.stderr).not.toMatch(/training gbdt/);
    expect(await query(dir, 'select count(*) as n from {{ref "fact_sales"}}')).toEqual(facts);
  });

  it('forge init scaffolds a project that builds', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'forge-init-')), 'shop');
    expect(await runCli(['init', dir], { out: () => undefined, err: () => undefined })).toBe(0);
    const r = await forge(dir, 'build');
    expect(r.code, r.stdout).toBe(0);
    expect(await query(dir, 'select * from {{ref "customer_revenue"}} order by customer_id')).toEqual([
      { customer_id: 1, orders: 2, revenue: 20.5 },
      { customer_id: 2, orders: 1, revenue: 43 },
    ]);
  });
});
