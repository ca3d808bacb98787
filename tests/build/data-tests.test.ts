import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFixture, forge, query, runResults } from '../helpers/project.js';

interface Result {
  unique_id: string;
  status: string;
  failures: number | null;
}

async function statuses(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of await runResults<Result>(dir)) out[r.unique_id.split('.')[2] ?? r.unique_id] = r.status;
  return out;
}

const ALL_TESTS = [
  'unique_combination_of_columns_orders',
  'row_count_orders',
  'not_empty_orders',
  'expression_is_true_orders',
  'not_null_orders_customer_id',
  'relationships_orders_customer_id__ref_customers',
  'accepted_values_orders_status__delivered_shipped_returned',
  'accepted_range_orders_amount',
  'positive_orders_amount',
  'recency_orders_ordered_at',
  'unique_customers_customer_id',
  'not_null_customers_customer_id',
  'orders_amount_positive',
];

const BAD_ORDERS = [
  'order_id,line_no,customer_id,amount,status,ordered_at',
  '1,1,10,25.5,delivered,2026-01-01 10:00:00',
  '1,1,99,-5.0,lost,2026-01-01 10:00:00',
  '2,1,,4000.0,shipped,2026-01-02 11:00:00',
].join('\n');

describe('every test type', () => {
  it('passes on good data', async () => {
    const dir = await copyFixture('datatests');
    const r = await forge(dir, 'build');
    expect(r.code, r.stdout).toBe(0);
    const got = await statuses(dir);
    for (const name of ALL_TESTS) expect([name, got[name]]).toEqual([name, 'pass']);
  });

  it('fails on bad data, each with its failing rows, counts and compiled SQL path', async () => {
    const dir = await copyFixture('datatests', { 'seeds/raw_orders.csv': `${BAD_ORDERS}\n` });
    const r = await forge(dir, 'build');
    expect(r.code).toBe(1);
    const got = await statuses(dir);
    const failing = [
      'unique_combination_of_columns_orders',
      'expression_is_true_orders',
      'not_null_orders_customer_id',
      'relationships_orders_customer_id__ref_customers',
      'accepted_values_orders_status__delivered_shipped_returned',
      'accepted_range_orders_amount',
      'positive_orders_amount',
      'orders_amount_positive',
    ];
    for (const name of failing) expect([name, got[name]]).toEqual([name, 'fail']);
    expect(r.stdout).toContain('FAIL  test accepted_values_orders_status__delivered_shipped_returned');
    expect(r.stdout).toContain('FAIL 1 failing row (accepted_values on status)');
    expect(r.stdout).toContain('value_field | n_records');
    expect(r.stdout).toContain('lost        | 1');
    expect(r.stdout).toMatch(
      /compiled SQL: target\/compiled\/datatests\/models\/schema\.yml\/accepted_values_orders_status__delivered_shipped_returned\.sql/,
    );
  });

  it('row_count, not_empty and recency fail when their bounds are not met', async () => {
    const dir = await copyFixture('datatests', {
      'seeds/raw_orders.csv': 'order_id,line_no,customer_id,amount,status,ordered_at\n',
      'models/orders.sql':
        'select order_id, line_no, customer_id, amount, status, cast(ordered_at as timestamp) as ordered_at from {{ref "raw_orders"}} where false\n',
    });
    await forge(dir, 'build');
    const got = await statuses(dir);
    expect([got['row_count_orders'], got['not_empty_orders'], got['recency_orders_ordered_at']]).toEqual([
      'fail',
      'fail',
      'fail',
    ]);
  });
});

describe('build gating', () => {
  it("a failing error test skips exactly the tested node's dependants; a warning does not", async () => {
    const dir = await copyFixture('datatests', { 'seeds/raw_orders.csv': `${BAD_ORDERS}\n` });
    const r = await forge(dir, 'build');
    const got = await statuses(dir);
    expect(got['orders']).toBe('success');
    expect(got['orders_summary']).toBe('skipped');
    expect(got['customers_summary']).toBe('success');
    expect(r.stdout).toMatch(/SKIP {2}orders_summary \(skipped: upstream \w+ failed\)/);
  });

  it("a singular test skipped because one node it reads failed does not skip the other nodes' dependants", async () => {
    const dir = await copyFixture('datatests', {
      'models/orders_and_customers.test.sql':
        'select o.* from {{ref "orders"}} o join {{ref "customers"}} c using (customer_id) where o.amount < 0\n',
      'models/customers.sql': 'select customer_id, name from {{ref "raw_customers"}} where no_such_column\n',
    });
    await forge(dir, 'build');
    const got = await statuses(dir);
    expect(got['customers']).toBe('error');
    expect(got['orders_and_customers']).toBe('skipped');
    expect(got['orders_summary']).toBe('success');
  });

  it('severity warn and warn_if/error_if thresholds decide the status', async () => {
    const dir = await copyFixture('datatests', {
      'seeds/raw_orders.csv': `${BAD_ORDERS.replace('-5.0', '5.0')}\n`,
      'models/schema.yml': [
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: status',
        '        tests:',
        '          - accepted_values: { values: [delivered, shipped], config: { severity: warn } }',
        '      - name: amount',
        '        tests:',
        '          - accepted_range: { max_value: 100, config: { error_if: "> 5", warn_if: "> 0" } }',
        '          - positive: { allow_zero: true, where: "amount > -1" }',
        '',
      ].join('\n'),
    });
    const r = await forge(dir, 'build', '-s', '+orders+');
    expect(r.code).toBe(0);
    const got = await statuses(dir);
    expect(got['accepted_values_orders_status__delivered_shipped']).toBe('warn');
    expect(got['accepted_range_orders_amount']).toBe('warn');
    expect(got['positive_orders_amount']).toBe('pass');
    expect(got['orders_summary']).toBe('success');
    expect(r.stdout).toContain('2 warned');
  });
});

describe('store_failures', () => {
  it('keeps the failing rows in the audit schema and names it', async () => {
    const dir = await copyFixture('datatests', {
      'seeds/raw_orders.csv': `${BAD_ORDERS}\n`,
      'models/schema.yml':
        'models:\n  - name: orders\n    columns:\n      - name: status\n        tests:\n          - accepted_values: { values: [delivered, shipped], config: { store_failures: true } }\n',
    });
    const r = await forge(dir, 'build', '-s', '+orders');
    expect(r.stdout).toContain(
      'failing rows kept in test_audit.accepted_values_orders_status__delivered_shipped',
    );
    expect(
      await query(
        dir,
        'select value_field, n_records from test_audit.accepted_values_orders_status__delivered_shipped',
      ),
    ).toEqual([{ value_field: 'lost', n_records: 1 }]);
  });
});

describe('forge test', () => {
  it('runs only the tests of the selection (eager: the relationship test on orders comes along)', async () => {
    const dir = await copyFixture('datatests');
    await forge(dir, 'build');
    const r = await forge(dir, 'test', '--select', 'customers');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unique_customers_customer_id');
    expect(r.stdout).toContain('relationships_orders_customer_id__ref_customers');
    expect(r.stdout).not.toContain('accepted_values');
    const cautious = await forge(dir, 'test', '--select', 'customers', '--indirect-selection', 'cautious');
    expect(cautious.stdout).not.toContain('relationships_orders_customer_id');
  });
});

describe('contracts', () => {
  const contract = (type: string): string =>
    [
      'models:',
      '  - name: customers',
      '    config: { contract: { enforced: true } }',
      '    columns:',
      '      - { name: customer_id, data_type: bigint }',
      `      - { name: name, data_type: ${type} }`,
      '',
    ].join('\n');

  it('pass when names and types match (synonyms folded)', async () => {
    const dir = await copyFixture('datatests', { 'models/schema.yml': contract('text') });
    expect((await forge(dir, 'build', '-s', '+customers')).code).toBe(0);
  });

  it('a broken contract fails before the swap, column by column, and leaves the previous table', async () => {
    const dir = await copyFixture('datatests', { 'models/schema.yml': contract('varchar') });
    expect((await forge(dir, 'build', '-s', '+customers')).code).toBe(0);
    await writeFile(
      path.join(dir, 'models/customers.sql'),
      'select cast(customer_id as integer) as customer_id, 1 as extra from {{ref "raw_customers"}}\n',
    );
    const r = await forge(dir, 'build', '-s', 'customers');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('models/schema.yml:2:5 FRG2008 the contract of customers is broken:');
    expect(r.stdout).toContain('~ customer_id: declared bigint, the model gives INTEGER');
    expect(r.stdout).toContain('- name varchar: declared, missing from the model');
    expect(r.stdout).toContain('+ extra INTEGER: in the model, not declared');
    expect(await query(dir, 'select count(*) as n from {{ref "customers"}} where name is not null')).toEqual([
      { n: 3 },
    ]);
  });
});

describe('bad test declarations are located errors at parse time', () => {
  it('missing argument, unknown argument, unknown column, unknown test name, untyped contract', async () => {
    const dir = await copyFixture('datatests', {
      'models/bad.yml': [
        'seeds:',
        '  - name: raw_customers',
        '    columns:',
        '      - name: customer_idd',
        '        tests: [not_null]',
        '      - name: name',
        '        tests:',
        '          - accepted_values: { value: [a] }',
        '          - uniqe',
        'models:',
        '  - name: customers_summary',
        '    config: { contract: { enforced: true } }',
        '    columns:',
        '      - name: customers',
        '',
      ].join('\n'),
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/bad.yml:5:17 FRG1215 test not_null names column "customer_idd", which raw_customers does not have — did you mean "customer_id"?',
    );
    expect(r.stderr).toContain(
      'models/bad.yml:8:13 FRG1214 test accepted_values on raw_customers needs the argument "values"',
    );
    expect(r.stderr).toContain(
      'models/bad.yml:8:13 FRG1214 test accepted_values has no argument "value" — did you mean "values"?',
    );
    expect(r.stderr).toContain('models/bad.yml:9:13 FRG1213 unknown test "uniqe" — did you mean "unique"?');
    expect(r.stderr).toContain(
      'FRG1216 customers_summary enforces a contract; these columns need a data_type: customers',
    );
  });
});

describe('source freshness', () => {
  const stamp = (hoursAgo: number): string =>
    new Date(Date.now() - hoursAgo * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

  it('passes, warns and errors by warn_after / error_after, and writes target/sources.json', async () => {
    const dir = await copyFixture('datatests', {
      'seeds/landing_a.csv': `id,loaded_at\n1,${stamp(1)}\n`,
      'seeds/landing_b.csv': `id,loaded_at\n1,${stamp(8)}\n`,
      'seeds/landing_c.csv': `id,loaded_at\n1,${stamp(50)}\n`,
      'models/sources.yml': [
        'sources:',
        '  - name: landing',
        '    schema: main',
        '    loaded_at_field: loaded_at',
        '    freshness: { warn_after: { count: 6, period: hour }, error_after: { count: 2, period: day } }',
        '    tables:',
        '      - { name: a, identifier: landing_a }',
        '      - { name: b, identifier: landing_b }',
        '      - { name: c, identifier: landing_c }',
        '',
      ].join('\n'),
    });
    expect((await forge(dir, 'seed')).code).toBe(0);
    const r = await forge(dir, 'source', 'freshness');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/PASS {2}source landing\.a: newest row loaded 1\.0 h ago/);
    expect(r.stdout).toMatch(/WARN {2}source landing\.b: newest row loaded 8\.0 h ago/);
    expect(r.stdout).toMatch(/ERROR source landing\.c: newest row loaded 2\.1 days ago/);
    const json = JSON.parse(await readFile(path.join(dir, 'target/sources.json'), 'utf8')) as {
      results: { unique_id: string; status: string }[];
    };
    expect(json.results.map((x) => [x.unique_id, x.status])).toEqual([
      ['source.datatests.landing.a', 'pass'],
      ['source.datatests.landing.b', 'warn'],
      ['source.datatests.landing.c', 'error'],
    ]);
  });
});
