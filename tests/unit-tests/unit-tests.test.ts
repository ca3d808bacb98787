/**
 * Unit tests for models: given rows per input, expected rows out, run on DuckDB in memory without
 * building anything upstream; an incremental model's merge into a given `this` is what is compared.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { copyFixture, forge, REPO_ROOT } from '../helpers/project.js';

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));

async function editFixture(dir: string, file: string, from: string, to: string): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  const text = await readFile(path.join(dir, file), 'utf8');
  expect(text).toContain(from);
  await writeFile(path.join(dir, file), text.replace(from, to));
}

describe('unit tests', () => {
  it("run before their models in a build, with no upstream built, and land in dbt's manifest shape", async () => {
    const dir = await copyFixture('unit');
    // only the unit tests: nothing has been built, the warehouse file is empty
    const only = await forge(dir, 'test', '--select', 'test_type:unit');
    expect(only.code, only.stdout + only.stderr).toBe(0);
    expect(only.stdout).toMatch(/PASS {2}unit test totals_add_up/);
    expect(only.stdout).toMatch(/PASS {2}unit test threshold_from_vars/);
    expect(only.stdout).toMatch(/PASS {2}unit test merges_new_orders/);
    expect(only.stdout).toMatch(/0 OK, 3 tests passed/);
    const built = await forge(dir, 'build');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const manifest = (await readJson(path.join(dir, 'target/manifest.json'))) as {
      unit_tests: Record<string, { model: string }>;
    };
    expect(Object.keys(manifest.unit_tests).sort()).toEqual([
      'unit_test.shop_unit.big_orders.threshold_from_vars',
      'unit_test.shop_unit.customer_totals.totals_add_up',
      'unit_test.shop_unit.orders_latest.merges_new_orders',
    ]);
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(
      (await readJson(path.join(REPO_ROOT, 'tests/schemas/manifest-v12.json'))) as object,
    );
    expect(validate(manifest), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('a failing unit test shows the row diff and keeps its model from being built', async () => {
    const dir = await copyFixture('unit');
    await editFixture(
      dir,
      'models/unit_tests.yml',
      '{ customer_id: 1, orders: 2, total: 19.75 }',
      '{ customer_id: 1, orders: 2, total: 19.5 }',
    );
    const built = await forge(dir, 'build', '--select', '+customer_totals');
    expect(built.code).toBe(1);
    expect(built.stdout).toMatch(/FAIL {2}unit test totals_add_up/);
    expect(built.stdout).toMatch(/1 expected row\(s\) missing \(-\), 1 unexpected row\(s\) \(\+\)/);
    expect(built.stdout).toMatch(/-\s+\| 1\s+\| 2\s+\| 19\.5 /);
    expect(built.stdout).toMatch(/\+\s+\| 1\s+\| 2\s+\| 19\.75/);
    expect(built.stdout).toMatch(/SKIP {2}customer_totals \(skipped: upstream totals_add_up failed\)/);
    expect(built.stdout).toMatch(/OK {4}table main\.stg_orders/);
  });

  it("an incremental model's merged result is what is compared", async () => {
    const dir = await copyFixture('unit');
    // order 1's new row is older than the table's newest: the model's is_incremental filter drops it and the merge keeps 10
    await editFixture(
      dir,
      'models/unit_tests.yml',
      '- { order_id: 1, amount: 10 }',
      '- { order_id: 1, amount: 99 }',
    );
    const run = await forge(dir, 'test', '--select', 'orders_latest');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/-\s+\| 1\s+\| 99/);
    expect(run.stdout).toMatch(/\+\s+\| 1\s+\| 10/);
    // with is_incremental overridden off, the model rebuilds from its input alone: order 1 is 99 now
    await editFixture(
      dir,
      'models/unit_tests.yml',
      '    model: orders_latest\n',
      '    model: orders_latest\n    overrides: { macros: { is_incremental: false } }\n',
    );
    const full = await forge(dir, 'test', '--select', 'orders_latest');
    expect(full.code, full.stdout).toBe(0);
  });

  it('an empty input with no columns known is a located error; a CSV header names them, typed like the same column elsewhere', async () => {
    const empty = `unit_tests:
  - name: nobody_ordered
    model: customer_totals
    given:
      - input: ref('stg_customers')
        rows: [{ customer_id: 1, name: ADA, country: UK }]
      - input: ref('stg_orders')
        rows: []
    expect:
      rows: [{ customer_id: 1, orders: 0, total: 0 }]
`;
    const dir = await copyFixture('unit', { 'models/empty.yml': empty });
    const failed = await forge(dir, 'test', '--select', 'test_name:nobody_ordered', 'nobody_ordered');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /models\/empty\.yml:7:\d+ FRG1105 unit test nobody_ordered: no columns known for ref\('stg_orders'\) \(not built, and its rows are empty\)/,
    );
    await editFixture(
      dir,
      'models/empty.yml',
      "      - input: ref('stg_orders')\n        rows: []",
      "      - input: ref('stg_orders')\n        format: csv\n        rows: |\n          order_id,customer_id,amount",
    );
    const passed = await forge(dir, 'test', '--select', 'nobody_ordered');
    expect(passed.code, passed.stdout).toBe(0);
  });

  it('bad definitions are located errors', async () => {
    const missing = await copyFixture('unit', {
      'models/more.yml': `unit_tests:
  - name: no_customers
    model: customer_totals
    given:
      - input: ref('stg_orders')
        rows: []
    expect: { rows: [] }
  - name: typo
    model: customer_total
    given: []
    expect: { rows: [] }
  - name: not_incremental
    model: big_orders
    given:
      - input: this
        rows: []
      - input: ref('stg_orders')
        rows: []
    expect: { rows: [] }
  - name: wrong_input
    model: big_orders
    given:
      - input: ref('stg_customers')
        rows: []
    expect: { rows: [] }
`,
    });
    const parsed = await forge(missing, 'parse');
    expect(parsed.code).toBe(1);
    expect(parsed.stderr).toMatch(
      /models\/more\.yml:2:\d+ FRG1105 unit test "no_customers" gives no rows for ref\('stg_customers'\)/,
    );
    expect(parsed.stderr).toMatch(
      /FRG1105 unit test "typo" tests model "customer_total", which does not exist — did you mean "customer_totals"\?/,
    );
    expect(parsed.stderr).toMatch(
      /models\/more\.yml:15:\d+ FRG1105 unit test "not_incremental" gives "this", but big_orders is not incremental/,
    );
    expect(parsed.stderr).toMatch(
      /FRG1105 unit test "wrong_input": big_orders does not read ref\('stg_customers'\)\n\s+hint: its inputs: ref\('stg_orders'\)/,
    );
  });
});
