import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckdb } from '../../src/adapters/duckdb/duckdb-connection.js';
import { REPO_ROOT } from '../helpers/project.js';

interface Manifest {
  seed: number;
  through: string;
  rows: Record<string, number>;
  planted: Record<string, number>;
}
type Generate = (options: Record<string, unknown>) => Promise<Manifest>;

const generator = (await import(path.join(REPO_ROOT, 'seeds/generator/index.mjs'))) as { generate: Generate };

async function generateInto(
  seed: number,
  extra: Record<string, unknown> = {},
  dir?: string,
): Promise<{ dir: string; manifest: Manifest }> {
  const root = dir ?? (await mkdtemp(path.join(tmpdir(), 'forge-gen-')));
  const manifest = await generator.generate({
    outDir: path.join(root, 'landing'),
    oracleDir: path.join(root, 'oracle'),
    scale: 'default',
    seed,
    ...extra,
  });
  return { dir: root, manifest };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out.sort();
}

async function digest(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await filesUnder(dir))
    out.set(
      path.relative(dir, file),
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  return out;
}

async function csvRows(dir: string, table: string): Promise<string[][]> {
  const rows: string[][] = [];
  for (const file of await filesUnder(path.join(dir, 'landing', table))) {
    const lines = (await readFile(file, 'utf8')).trim().split('\n').slice(1);
    for (const line of lines) rows.push(line.split(','));
  }
  return rows;
}

describe('the e-commerce generator', () => {
  let first: { dir: string; manifest: Manifest };
  beforeAll(async () => {
    first = await generateInto(7);
  });

  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const again = await generateInto(7);
    const other = await generateInto(8);
    const a = await digest(first.dir);
    expect(a.size).toBeGreaterThan(200);
    expect(await digest(again.dir)).toEqual(a);
    const b = await digest(other.dir);
    expect([...a].filter(([file, hash]) => b.get(file) === hash).map(([file]) => file)).toEqual([]);
  });

  it('has the default scale: ~2,000 customers and ~30,000 orders over two years', () => {
    const { rows } = first.manifest;
    expect(rows['customers']).toBeGreaterThan(2000);
    expect(rows['orders']).toBeGreaterThan(25_000);
    expect(rows['orders']).toBeLessThan(40_000);
    for (const table of [
      'products',
      'order_lines',
      'payments',
      'shipments',
      'returns',
      'inventory_movements',
      'web_events',
    ]) {
      expect([table, (rows[table] ?? 0) > 0]).toEqual([table, true]);
    }
  });

  it('counts every planted bad row in its manifest, and the files hold exactly those', async () => {
    const { planted } = first.manifest;
    for (const kind of Object.keys(planted)) expect([kind, (planted[kind] ?? 0) > 0]).toEqual([kind, true]);
    const lines = await csvRows(first.dir, 'order_lines');
    expect(lines.filter((l) => Number(l[3]) < 0).length).toBe(planted['negative_quantity']);
    expect(lines.filter((l) => Number(l[2]) >= 999000).length).toBe(planted['unknown_product_id']);
    const orders = await csvRows(first.dir, 'orders');
    expect(orders.length - new Set(orders.map((o) => o[0])).size).toBe(planted['duplicate_orders']);
    const shipments = await csvRows(first.dir, 'shipments');
    expect(shipments.filter((s) => s[5] !== '' && (s[5] ?? '') < (s[3] ?? '')).length).toBe(
      planted['impossible_delivery_date'],
    );
  });

  it('appends the next days as new daily files without touching what was written', async () => {
    const { dir } = await generateInto(7);
    const before = await digest(dir);
    const appended = await generator.generate({
      outDir: path.join(dir, 'landing'),
      oracleDir: path.join(dir, 'oracle'),
      appendDays: 3,
    });
    const after = await digest(dir);
    for (const [file, hash] of before)
      if (!file.endsWith('_manifest.json')) expect([file, after.get(file)]).toEqual([file, hash]);
    const added = [...after.keys()].filter((f) => !before.has(f));
    expect(added).toContain(path.join('landing', 'orders', 'orders_2026-11-01.csv'));
    expect(added).toContain(path.join('landing', 'orders', 'orders_2026-11-03.csv'));
    expect(appended.through).toBe('2026-11-03');
    // Appending re-simulates every customer: their ids must not shift (web events have no planted duplicates).
    const events = (await csvRows(dir, 'web_events')).map((e) => e[0]);
    expect(events.length - new Set(events).size).toBe(0);
    expect(appended.rows['orders']).toBeGreaterThan(first.manifest.rows['orders'] ?? 0);
  });
});

describe('the churn oracle is the truth', () => {
  it('is calibrated against the labels the data produces, and its AUC is in 0.75–0.90', async () => {
    const { dir } = await generateInto(11);
    const warehouse = await openDuckdb(path.join(dir, 'check.duckdb'), 'check');
    try {
      const connection = await warehouse.connect();
      await connection.execute(`create table orders as select distinct cast(customer_id as integer) as customer_id, cast(ordered_at as timestamp) as ordered_at
        from read_csv('${dir}/landing/orders/*.csv', all_varchar = true)`);
      // The feature population: customers with an order in the 180 days before the cutoff; labelled cutoffs only.
      await connection.execute(`create table labelled as
        select o.customer_id, o.cutoff, o.p,
          case when exists (select 1 from orders x where x.customer_id = o.customer_id and x.ordered_at > o.cutoff and x.ordered_at <= o.cutoff + interval 90 day) then 0 else 1 end as label
        from (select cast(customer_id as integer) as customer_id, cast(cutoff_date as date) as cutoff, cast(p_churn as double) as p
              from read_csv('${dir}/oracle/churn_oracle/*.csv', all_varchar = true)) o
        where o.cutoff <= date '2026-10-31' - interval 90 day
          and exists (select 1 from orders x where x.customer_id = o.customer_id and x.ordered_at <= o.cutoff and x.ordered_at > o.cutoff - interval 180 day)`);
      const deciles =
        await connection.query(`select ntile, avg(p) as predicted, avg(label) as observed, count(*) as n
        from (select *, ntile(10) over (order by p) as ntile from labelled) group by ntile order by ntile`);
      for (const row of deciles.rows) {
        const n = Number(row['n']);
        const tolerance = 4 * Math.sqrt(0.25 / n) + 0.01;
        expect(Math.abs(Number(row['predicted']) - Number(row['observed']))).toBeLessThan(tolerance);
      }
      const auc =
        await connection.query(`select (sum(case when label = 1 then rk end) - sum(label) * (sum(label) + 1) / 2.0) / (sum(label) * (count(*) - sum(label))) as auc
        from (select *, rank() over (order by p) + (count(*) over (partition by p) - 1) / 2.0 as rk from labelled)`);
      const value = Number(auc.rows[0]?.['auc']);
      expect(value).toBeGreaterThan(0.75);
      expect(value).toBeLessThan(0.9);
      connection.release();
    } finally {
      await warehouse.close();
    }
  });
});
