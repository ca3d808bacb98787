/**
 * The forge-utils macro package (packages/forge-utils) used by a project through `packages:` in
 * project.yml and the project's node_modules: every macro builds on DuckDB with the rows it should
 * give, every generic test passes on good data and finds the planted bad rows, and both dialects'
 * compiled SQL is golden (tests/packages/golden/; `npx vitest -u` rewrites it after a deliberate change).
 */
import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, forge, query, REPO_ROOT, runResults } from '../helpers/project.js';

async function utilsProject(overrides: Record<string, string> = {}): Promise<string> {
  const dir = await copyFixture('utils', overrides);
  await mkdir(path.join(dir, 'node_modules'));
  await symlink(path.join(REPO_ROOT, 'packages/forge-utils'), path.join(dir, 'node_modules/forge-utils'));
  return dir;
}

async function compiledSql(dir: string): Promise<string> {
  const root = path.join(dir, 'target/compiled/utils');
  const files: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) await walk(child);
      else files.push(child);
    }
  };
  await walk('');
  const parts = await Promise.all(
    files.sort().map(async (f) => `-- ${f}\n${(await readFile(path.join(root, f), 'utf8')).trim()}\n`),
  );
  return parts.join('\n');
}

describe('forge-utils on DuckDB', () => {
  let dir: string;
  let statuses: Map<string, { status: string; failures: number | null }>;
  beforeAll(async () => {
    dir = await utilsProject();
    const r = await forge(dir, 'build');
    expect(r.code, r.stderr).toBe(0);
    const results = await runResults<{ unique_id: string; status: string; failures: number | null }>(dir);
    statuses = new Map(
      results.map((x) => [x.unique_id.split('.')[2] ?? '', { status: x.status, failures: x.failures }]),
    );
  });

  it('the SQL macros give the rows they document', async () => {
    expect(await query(dir, 'select * from {{ref "orders_by_status"}} order by customer_id')).toEqual([
      { customer_id: 10, amount_placed: 5, amount_shipped: 7, amount_returned: 0 },
      { customer_id: 11, amount_placed: 2, amount_shipped: 0, amount_returned: 4 },
      { customer_id: 12, amount_placed: 0, amount_shipped: 9, amount_returned: 0 },
    ]);
    expect(
      await query(dir, 'select field_name, value from {{ref "orders_long"}} where order_id = 4 order by 1'),
    ).toEqual([
      { field_name: 'amount', value: '4' },
      { field_name: 'status', value: 'returned' },
    ]);
    const slim = await query(dir, 'select * from {{ref "orders_slim"}} order by order_id limit 1');
    expect(Object.keys(slim[0] ?? {})).toEqual(['order_id', 'customer_id', 'status', 'ordered_at']);
    const stacked = await query(
      dir,
      'select _forge_source_relation as source, count(*) as n, count(channel) as channels from {{ref "all_orders"}} group by 1 order by 1',
    );
    expect(stacked).toEqual([
      { source: 'main.more_orders', n: 2, channels: 2 },
      { source: 'main.raw_orders', n: 5, channels: 0 },
    ]);
    expect(
      (await query(dir, 'select generated_number from {{ref "numbers"}} order by 1')).map(
        (r) => r['generated_number'],
      ),
    ).toEqual([1, 2, 3, 4, 5]);
    const days = await query(
      dir,
      'select min(date_day)::varchar as first, max(date_day)::varchar as last, count(*) as n from {{ref "first_week"}}',
    );
    expect(days).toEqual([{ first: '2024-01-01', last: '2024-01-07', n: 7 }]);
    expect(
      (await query(dir, 'select order_id from {{ref "latest_orders"}} order by customer_id')).map(
        (r) => r['order_id'],
      ),
    ).toEqual([2, 4, 5]);
  });

  it('the generic tests pass on good data and find the planted bad rows', () => {
    const passing = [
      'forge_utils_equal_rowcount_numbers',
      'forge_utils_at_least_one_numbers_generated_number',
      'forge_utils_not_constant_numbers_generated_number',
      'forge_utils_sequential_values_numbers_generated_number',
      'forge_utils_expect_column_values_to_be_between_numbers_generated_number',
      'forge_utils_sequential_values_first_week_date_day',
      'forge_utils_cardinality_equality_latest_orders_customer_id__ref_orders_by_status',
      'forge_utils_not_constant_raw_orders_amount',
      'forge_utils_sequential_values_raw_orders_order_id',
      'forge_utils_at_least_one_more_orders_channel',
    ];
    for (const name of passing) expect(statuses.get(name)?.status, name).toBe('pass');
    const failing: Record<string, number> = {
      forge_utils_expect_column_values_to_be_between_raw_orders_amount: 2,
      forge_utils_equal_rowcount_more_orders: 1,
      forge_utils_cardinality_equality_raw_orders_order_id__ref_more_orders: 7,
      forge_utils_sequential_values_ranges_valid_from: 1,
    };
    for (const [name, failures] of Object.entries(failing))
      expect(statuses.get(name), name).toEqual({ status: 'warn', failures });
    const regex = [...statuses].filter(([name]) =>
      name.startsWith('forge_utils_expect_column_values_to_match_regex_raw_orders_code'),
    );
    expect(regex.map(([, s]) => s).sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { status: 'pass', failures: 0 },
      { status: 'warn', failures: 3 },
    ]);
    const ranges = [...statuses]
      .filter(([name]) => name.startsWith('forge_utils_mutually_exclusive_ranges_ranges'))
      .map(([, s]) => s.failures)
      .sort();
    expect(ranges).toEqual([1, 2]);
  });
});

describe('forge-utils: dialects, overrides and a missing package', () => {
  it('compiles to golden SQL on DuckDB and on Snowflake', async () => {
    const dir = await utilsProject();
    expect((await forge(dir, 'compile')).code).toBe(0);
    await expect(await compiledSql(dir)).toMatchFileSnapshot('golden/forge-utils-duckdb.sql');
    process.env['FORGE_TEST_SF_PASSWORD'] = 'not-a-secret-used-offline';
    const sf = await forge(dir, 'compile', '--target', 'sf');
    expect(sf.code, sf.stderr).toBe(0);
    expect(sf.stderr).not.toContain('FRG1503');
    await expect(await compiledSql(dir)).toMatchFileSnapshot('golden/forge-utils-snowflake.sql');
  });

  it("a project macro of the same qualified name overrides the package's", async () => {
    const dir = await utilsProject({
      'macros/overrides.sql':
        '{{#macro "forge_utils.generate_series" upper_bound}}\nselect 42 as generated_number\n{{/macro}}\n',
    });
    expect((await forge(dir, 'compile', '-s', 'numbers')).code).toBe(0);
    expect(await readFile(path.join(dir, 'target/compiled/utils/models/numbers.sql'), 'utf8')).toContain(
      'select 42 as generated_number',
    );
  });

  it("a namespaced macro with only an adapter's variant passes its refs on to the models calling it", async () => {
    const dir = await utilsProject({
      'macros/sf_only.sql':
        '{{#macro "forge_utils.snowflake__more_rows" n}}\nselect * from {{ref "more_orders"}} limit {{n}}\n{{/macro}}\n',
      'models/sf_rows.sql': '{{forge_utils.more_rows 5}}\n',
    });
    process.env['FORGE_TEST_SF_PASSWORD'] = 'not-a-secret-used-offline';
    const r = await forge(dir, 'ls', '-s', '+sf_rows', '--target', 'sf', '--resource-type', 'seed');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual(['more_orders']);
  });

  it('a package that is not installed is FRG1030 at its project.yml line', async () => {
    const dir = await copyFixture('utils');
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('project.yml:3:5 FRG1030 package "forge-utils" is not installed');
    expect(r.stderr).toContain('hint: npm install forge-utils');
  });
});
