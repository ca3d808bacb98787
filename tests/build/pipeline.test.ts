import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyExampleProject, forge, onWarehouse, query, runResults } from '../helpers/project.js';

const INCREMENTAL = [
  'silver.stg_orders',
  'silver.stg_orders_nested',
  'silver.stg_order_items',
  'silver.stg_payments',
  'silver.stg_shipments',
  'silver.stg_web_events',
  'silver.quarantine',
  'silver.order_status_latest',
  'gold.fact_sales',
  'gold.daily_sales',
  'gold.sales_by_day_category',
  'gold.sales_by_day_category_nested',
  'gold.sales_by_day_supplier',
  'gold.customer_monthly',
  'gold.customer_totals',
  'gold.customer_product_affinity',
  'features.cutoff_features',
  'features.churn_labels',
  'features.customer_features',
];
/** Marts rebuilt from the rollups each build: they must equal a full refresh too. */
const DERIVED = [
  'gold.revenue_by_category',
  'gold.revenue_by_category_nested',
  'gold.supplier_performance',
  'gold.customer_lifetime_value',
  'gold.revenue_by_country',
  'gold.customer_segmentation',
  'gold.cohort_retention',
  'gold.sales_kpis_monthly',
  // scored incrementally (changed features only); --full-refresh reuses a version whose training digest is unchanged
  'gold.customer_churn_predictions',
];
const columns = (_t: string): string => '*';

interface Result {
  unique_id: string;
  adapter_response: { rows_affected?: number };
}
async function rowsAffected(dir: string): Promise<Map<string, number>> {
  return new Map(
    (await runResults<Result>(dir)).map((r) => [
      r.unique_id.split('.').at(-1) ?? '',
      r.adapter_response.rows_affected ?? 0,
    ]),
  );
}

describe('the example pipeline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyExampleProject();
    const r = await forge(dir, 'build');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/0 failed, 0 errors, 0 skipped/);
  }, 120_000);

  it('quarantines exactly the bad rows the generator planted, per reason', async () => {
    const manifest = JSON.parse(await readFile(path.join(dir, '.forge/landing/_manifest.json'), 'utf8')) as {
      planted: Record<string, number>;
    };
    const rows = await query(
      dir,
      'select reason, count(*) as n from {{ref "quarantine"}} group by reason order by reason',
    );
    const counts = Object.fromEntries(rows.map((r) => [String(r['reason']), Number(r['n'])]));
    expect(counts).toEqual({
      duplicate_customer: manifest.planted['duplicate_customers'],
      duplicate_order: manifest.planted['duplicate_orders'],
      impossible_delivery_date: manifest.planted['impossible_delivery_date'],
      negative_quantity: manifest.planted['negative_quantity'],
      null_payment_method: manifest.planted['null_payment_method'],
      unknown_product_id: manifest.planted['unknown_product_id'],
    });
  });

  it('features have labels only where the 90-day window is complete, and a scoring set at the latest cutoff', async () => {
    const rows = await query(
      dir,
      `select count(*) as n, count(churned_90d) as labelled, max(cutoff_date) = (select max(cutoff_date) from {{ref "churn_scoring_set"}}) as scoring_is_latest
      from {{ref "customer_features"}}`,
    );
    expect(Number(rows[0]?.['labelled'])).toBeGreaterThan(10_000);
    expect(Number(rows[0]?.['labelled'])).toBeLessThan(Number(rows[0]?.['n']));
    expect(rows[0]?.['scoring_is_latest']).toBe(true);
  });

  it('after one appended day, incremental models process only the new data', async () => {
    expect((await forge(dir, 'seed', '--append-days', '1')).code).toBe(0);
    const build = await forge(dir, 'build');
    expect(build.code, build.stdout).toBe(0);
    expect(build.stdout).toContain('load raw.orders (1 new file)');
    expect(build.stdout).toMatch(/incremental merge gold\.fact_sales \[\d+ rows/);
    // only the new data: each incremental model merges a small share of what it holds
    const merged = await rowsAffected(dir);
    const sizes = await onWarehouse(
      dir,
      INCREMENTAL.filter((t) => !t.endsWith('customer_features')).map(
        (t) => `select '${t.split('.')[1]}' as name, count(*) as n from ${t}`,
      ),
    );
    const shares = sizes.map(
      (r) =>
        [String(r[0]?.['name']), (merged.get(String(r[0]?.['name'])) ?? 0) / Number(r[0]?.['n'])] as const,
    );
    // (a month batch or a recomputed month is a larger share of the small default scale; delete+insert
    // models count their deleted and inserted rows)
    const roomier = [
      'stg_orders_nested',
      'cutoff_features',
      'customer_monthly',
      'customer_totals',
      'customer_product_affinity',
    ];
    expect(shares.filter(([name, share]) => share > (roomier.includes(name) ? 0.3 : 0.1))).toEqual([]);
  }, 120_000);

  it('after several append rounds (a new cutoff settles, then its late returns and deliveries land), every incremental model equals a full refresh', async () => {
    // The data ends 2026-10-31 (+1 day above). Round 2 settles the 2026-11-01 cutoff (three days of
    // orders after it); round 3 lands the returns and deliveries of orders placed before it.
    for (const days of ['3', '6']) {
      expect((await forge(dir, 'seed', '--append-days', days)).code).toBe(0);
      const build = await forge(dir, 'build');
      expect(build.code, build.stdout).toBe(0);
    }
    const cutoffs = await query(dir, 'select max(cutoff_date) as latest from {{ref "cutoff_features"}}');
    expect(String(cutoffs[0]?.['latest'])).toContain('2026-11-01');
    const copies = [...INCREMENTAL, ...DERIVED].map(
      (t) => `create or replace table main.copy_${t.replace('.', '_')} as select ${columns(t)} from ${t}`,
    );
    await onWarehouse(dir, [
      ...copies,
      'create or replace table main.copy_snapshot as select * exclude (valid_from, valid_to, forge_scd_id, is_current) from silver.customers_snapshot where is_current',
    ]);
    expect((await forge(dir, 'build', '--full-refresh')).code).toBe(0);
    const checks = [...INCREMENTAL, ...DERIVED].flatMap((t) => [
      `select '${t}' as model, count(*) as n from (select ${columns(t)} from ${t} except select * from main.copy_${t.replace('.', '_')})`,
      `select '${t}' as model, count(*) as n from (select * from main.copy_${t.replace('.', '_')} except select ${columns(t)} from ${t})`,
    ]);
    checks.push(
      `select 'snapshot' as model, count(*) as n from (select * exclude (valid_from, valid_to, forge_scd_id, is_current) from silver.customers_snapshot where is_current except select * from main.copy_snapshot)`,
    );
    const results = (await onWarehouse(dir, checks)).map((r) => [r[0]?.['model'], Number(r[0]?.['n'])]);
    expect(results.filter(([, n]) => n !== 0)).toEqual([]);
  }, 180_000);
});

describe('the point-in-time data test', () => {
  // Each plants a leak in the feature macro; the data test must see it.
  const leaks = [
    [
      'orders placed a week after the cutoff',
      'join orders o on o.customer_id = p.customer_id and o.ordered_at < p.cutoff_date',
      "join orders o on o.customer_id = p.customer_id and o.ordered_at < p.cutoff_date + interval '7 day'",
    ],
    // what the features did before: a return or late delivery after the cutoff counted at the cutoff
    [
      'returns made after the cutoff',
      'o.first_returned_at < p.cutoff_date',
      'o.first_returned_at is not null',
    ],
    [
      'late deliveries made after the cutoff',
      'o.late_delivered_at < p.cutoff_date',
      'o.late_delivered_at is not null',
    ],
  ] as const;
  it.each(leaks)(
    'fails when a feature reads %s',
    async (_leak, from, to) => {
      const dir = await copyExampleProject();
      const macros = path.join(dir, 'macros/features.sql');
      const text = await readFile(macros, 'utf8');
      expect(text).toContain(from);
      await writeFile(macros, text.replace(from, to));
      const r = await forge(dir, 'build', '-s', '+customer_features+');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAIL {2}test customer_features_no_leak/);
      expect(r.stdout).toContain('only in the model');
    },
    120_000,
  );
});
