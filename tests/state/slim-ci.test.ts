/**
 * Slim CI: build production, keep its target/ as state, change one thing, then
 * `forge build --target ci --select state:modified+ --defer --state state` must build exactly the
 * changed nodes and their dependants — reading everything else from production's file — and what it
 * builds must equal a full build of the changed project.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { copyFixture, forge } from '../helpers/project.js';

async function prodWithState(): Promise<string> {
  const dir = await copyFixture('state');
  const built = await forge(dir, 'build', '-q');
  expect(built.code, built.stderr).toBe(0);
  await cp(path.join(dir, 'target'), path.join(dir, 'state'), { recursive: true });
  return dir;
}

async function edit(dir: string, file: string, from: string, to: string): Promise<void> {
  const full = path.join(dir, file);
  const text = await readFile(full, 'utf8');
  expect(text).toContain(from);
  await writeFile(full, text.replace(from, to));
}

async function ranNames(dir: string): Promise<string[]> {
  const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')) as {
    results: { unique_id: string; status: string }[];
  };
  for (const r of results.results) expect(r.status, r.unique_id).toMatch(/success|pass/);
  return results.results.map((r) => r.unique_id.split('.')[2] ?? '').sort();
}

/** Rows of each relation in the CI file that differ from the full build's (both ways). */
async function differences(dir: string, relations: readonly string[]): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`attach '${path.join(dir, '.forge/ci.duckdb')}' as ci (read_only)`);
  await connection.run(`attach '${path.join(dir, '.forge/full.duckdb')}' as full_build (read_only)`);
  const out: Record<string, number> = {};
  for (const relation of relations) {
    const reader =
      await connection.runAndReadAll(`select count(*) from ((select * from ci.${relation} except all select * from full_build.${relation})
      union all (select * from full_build.${relation} except all select * from ci.${relation}))`);
    out[relation] = Number(reader.getRows()[0]?.[0]);
  }
  connection.closeSync();
  instance.closeSync();
  return out;
}

async function slimCi(dir: string): Promise<string[]> {
  const ci = await forge(
    dir,
    'build',
    '--target',
    'ci',
    '--select',
    'state:modified+',
    '--defer',
    '--state',
    'state',
  );
  expect(ci.code, ci.stdout + ci.stderr).toBe(0);
  const names = await ranNames(dir);
  const full = await forge(dir, 'build', '--target', 'full', '-q');
  expect(full.code, full.stderr).toBe(0);
  return names;
}

describe('state:modified+ --defer (slim CI)', () => {
  it('a changed model body builds it and its dependants, reading the rest from production', async () => {
    const dir = await prodWithState();
    await edit(
      dir,
      'models/marts/customer_totals.sql',
      'count(o.order_id) as orders',
      'count(o.order_id) as orders, max(o.amount) as biggest',
    );
    expect(await slimCi(dir)).toEqual([
      'accepted_range_customer_totals_total',
      'country_totals',
      'customer_totals',
    ]);
    expect(await differences(dir, ['marts.customer_totals', 'marts.country_totals'])).toEqual({
      'marts.customer_totals': 0,
      'marts.country_totals': 0,
    });
  });

  it('a changed macro selects exactly the models that call it', async () => {
    const dir = await prodWithState();
    await edit(dir, 'macros/money.sql', 'round({{column}} / 100.0, 2)', 'round({{column}} / 100.0, 0)');
    const ls = await forge(dir, 'ls', '--select', 'state:modified.macros', '--state', 'state');
    expect(ls.stdout.split('\n')).toEqual(['stg_orders']);
    expect(await slimCi(dir)).toEqual([
      'accepted_range_customer_totals_total',
      'big_orders',
      'country_totals',
      'customer_totals',
      'stg_orders',
      'unique_big_orders_order_id',
    ]);
    expect(
      await differences(dir, [
        'staging.stg_orders',
        'marts.big_orders',
        'marts.customer_totals',
        'marts.country_totals',
      ]),
    ).toEqual({
      'staging.stg_orders': 0,
      'marts.big_orders': 0,
      'marts.customer_totals': 0,
      'marts.country_totals': 0,
    });
  });

  it('a changed var selects the models that read it (dbt misses this: dbt-core#4304)', async () => {
    const dir = await prodWithState();
    await edit(dir, 'project.yml', 'big_threshold: 20', 'big_threshold: 40');
    const ls = await forge(dir, 'ls', '--select', 'state:modified.vars', '--state', 'state');
    expect(ls.stdout.split('\n')).toEqual(['big_orders', 'unique_big_orders_order_id']);
    expect(await slimCi(dir)).toEqual(['big_orders', 'unique_big_orders_order_id']);
    expect(await differences(dir, ['marts.big_orders'])).toEqual({ 'marts.big_orders': 0 });
    // the same vars given on the command line instead: nothing is modified
    const same = await forge(
      dir,
      'ls',
      '--select',
      'state:modified',
      '--state',
      'state',
      '--vars',
      '{"big_threshold": 20}',
    );
    expect(same.stdout).toBe('');
  });

  it("a changed YAML test runs only that test, against production's relation", async () => {
    const dir = await prodWithState();
    await edit(dir, 'models/schema.yml', 'min_value: 0', 'min_value: 10');
    const ci = await forge(
      dir,
      'build',
      '--target',
      'ci',
      '--select',
      'state:modified+',
      '--defer',
      '--state',
      'state',
    );
    // every customer's total is at least 10 (the lowest, Ada's, is 20.50): the changed test passes
    expect(ci.code, ci.stdout + ci.stderr).toBe(0);
    expect(await ranNames(dir)).toEqual(['accepted_range_customer_totals_total']);
    const compiled = await readFile(path.join(dir, 'target/run_results.json'), 'utf8');
    expect(compiled).toContain('prod.marts.customer_totals');
  });

  it('without --defer the unselected parents are missing from the CI target, and the failure says so', async () => {
    const dir = await prodWithState();
    await edit(dir, 'models/marts/customer_totals.sql', 'as total', 'as total_spent');
    await edit(dir, 'models/marts/country_totals.sql', 'sum(total)', 'sum(total_spent)');
    await edit(dir, 'models/schema.yml', 'name: total\n', 'name: total_spent\n');
    const ci = await forge(dir, 'build', '--target', 'ci', '--select', 'state:modified+', '--state', 'state');
    expect(ci.code).toBe(1);
    expect(ci.stdout + ci.stderr).toMatch(/stg_customers/);
  });
});

describe('state:modified sub-selectors', () => {
  it("an env var a template reads, a contract and its dependants' upstream_contract are each detected", async () => {
    const dir = await copyFixture('state', {
      'models/marts/region.sql': `select '{{env_var "FORGE_TEST_REGION" "eu"}}' as region, count(*) as customers from {{ref "customer_totals"}}\n`,
      'models/schema.yml': `models:
  - name: customer_totals
    config: { contract: { enforced: true } }
    columns:
      - { name: customer_id, data_type: bigint }
      - { name: name, data_type: varchar }
      - { name: country, data_type: varchar }
      - { name: orders, data_type: bigint }
      - { name: total, data_type: "decimal(38,2)" }
`,
    });
    const ls = (args: string[], env: Record<string, string> = {}) => {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      return forge(dir, 'ls', '--state', 'state', ...args).finally(() => {
        process.env = saved;
      });
    };
    const compiled = await forge(dir, 'compile');
    expect(compiled.code, compiled.stderr).toBe(0);
    await cp(path.join(dir, 'target'), path.join(dir, 'state'), { recursive: true });
    expect((await ls(['--select', 'state:modified'])).stdout).toBe('');
    expect((await ls(['--select', 'state:modified.vars'], { FORGE_TEST_REGION: 'us' })).stdout).toBe(
      'region',
    );
    await edit(dir, 'models/schema.yml', 'decimal(38,2)', 'double');
    expect((await ls(['--select', 'state:modified.contract'])).stdout).toBe('customer_totals');
    expect((await ls(['--select', 'state:modified.upstream_contract'])).stdout.split('\n').sort()).toEqual([
      'country_totals',
      'region',
    ]);
    expect((await ls(['--select', 'state:modified.body'])).stdout).toBe('');
  });
});

describe('state errors and clone', () => {
  it('state: selectors need --state; --defer needs --state; a missing state is located', async () => {
    const dir = await copyFixture('state');
    const noState = await forge(dir, 'ls', '--select', 'state:modified');
    expect(noState.code).toBe(1);
    expect(noState.stderr).toMatch(/FRG1404 .*no --state was given/);
    const noStateDefer = await forge(dir, 'build', '--defer');
    expect(noStateDefer.code).toBe(2);
    expect(noStateDefer.stderr).toMatch(/FRG1901 --defer/);
    const missing = await forge(dir, 'ls', '--select', 'state:new', '--state', 'nowhere');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/FRG1404 the state file .*nowhere\/forge_state.json does not exist/);
    expect((await forge(dir, 'parse')).code).toBe(0);
    const typo = await forge(dir, 'ls', '--select', 'state:modifed', '--state', 'target');
    expect(typo.stderr).toMatch(/did you mean "state:modified"/);
  });

  it('forge clone copies production tables and views into the CI target, keeping what exists', async () => {
    const dir = await prodWithState();
    const cloned = await forge(
      dir,
      'clone',
      '--target',
      'ci',
      '--state',
      'state',
      '--select',
      'customer_totals',
      'country_totals',
      'raw_orders',
    );
    expect(cloned.code, cloned.stdout + cloned.stderr).toBe(0);
    expect(cloned.stdout).toMatch(/clone marts\.customer_totals ← prod\.marts\.customer_totals \(table\)/);
    expect(cloned.stdout).toMatch(/clone marts\.country_totals ← prod\.marts\.country_totals \(view\)/);
    const again = await forge(
      dir,
      'clone',
      '--target',
      'ci',
      '--state',
      'state',
      '--select',
      'customer_totals',
    );
    expect(again.stdout).toMatch(/exists, kept/);
    const rows = await forge(
      dir,
      'show',
      '--target',
      'ci',
      '--inline',
      'select count(*) as n from marts.customer_totals',
    );
    expect(rows.stdout).toMatch(/\b4\b/);
  });
});
