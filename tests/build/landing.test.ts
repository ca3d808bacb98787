import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyExampleProject, forge, makeProject, query } from '../helpers/project.js';

const PROJECT = {
  'project.yml': 'name: landing\n',
  'models/sources.yml': [
    'sources:',
    '  - name: feed',
    '    schema: raw',
    '    tables:',
    '      - name: orders',
    '        external: { location: "landing/orders/*.csv" }',
    '',
  ].join('\n'),
  'models/order_count.sql':
    'select count(*) as n, count(distinct _source_file) as files from {{source "feed" "orders"}}\n',
  'landing/orders/orders_1.csv': 'order_id,amount\n1,10\n2,20\n',
  'landing/orders/orders_2.csv': 'amount,order_id\n30,3\n',
};

describe('sources loaded from landed files', () => {
  it('load new files once (columns matched by name), with a load history; loading again adds nothing', async () => {
    const dir = await makeProject(PROJECT);
    const first = await forge(dir, 'build');
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain('load raw.orders (2 new files) [3 rows');
    expect(await query(dir, 'select * from {{ref "order_count"}}')).toEqual([{ n: 3, files: 2 }]);
    const again = await forge(dir, 'build');
    expect(again.stdout).toContain('load raw.orders (0 new files)');
    expect(await query(dir, 'select * from {{ref "order_count"}}')).toEqual([{ n: 3, files: 2 }]);
    expect(await query(dir, 'select file, rows_loaded from raw._forge_loads order by file')).toEqual([
      { file: 'landing/orders/orders_1.csv', rows_loaded: 2 },
      { file: 'landing/orders/orders_2.csv', rows_loaded: 1 },
    ]);
    expect(await query(dir, "select amount from raw.orders where order_id = '3'")).toEqual([
      { amount: '30' },
    ]);
  });

  it('a bad file fails with its name and row, loads nothing of its batch, and loads once fixed', async () => {
    const dir = await makeProject(PROJECT);
    expect((await forge(dir, 'build')).code).toBe(0);
    await writeFile(path.join(dir, 'landing/orders/orders_3.csv'), 'order_id,amount\n4,40\n5\n');
    const r = await forge(dir, 'build');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'landing/orders/orders_3.csv:3 FRG2011 malformed CSV: line 3, column amount: 1 fields where the header has 2',
    );
    expect(r.stdout).toContain('SKIP  order_count');
    expect(await query(dir, 'select count(*) as n from raw.orders')).toEqual([{ n: 3 }]);
    await writeFile(path.join(dir, 'landing/orders/orders_3.csv'), 'order_id,amount\n4,40\n5,50\n');
    expect((await forge(dir, 'build')).stdout).toContain('load raw.orders (1 new file) [2 rows');
  });
});

describe('forge seed --generate and --append-days', () => {
  it('generates the landing files, then the next days, which the next build loads incrementally', async () => {
    const dir = await copyExampleProject();
    const generated = await forge(dir, 'seed', '--generate');
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toMatch(
      /generated into \.forge\/landing: customers [\d,]+, inventory_movements/,
    );
    expect((await forge(dir, 'build')).code).toBe(0);
    const before = await query(dir, 'select count(*) as n from raw.orders');
    const appended = await forge(dir, 'seed', '--append-days', '2');
    expect(appended.code, appended.stderr).toBe(0);
    const build = await forge(dir, 'build');
    expect(build.code, build.stdout).toBe(0);
    expect(build.stdout).toContain('load raw.orders (2 new files)');
    expect(build.stdout).toMatch(/incremental merge silver\.stg_orders/);
    const after = await query(dir, 'select count(*) as n from raw.orders');
    expect(Number(after[0]?.['n'])).toBeGreaterThan(Number(before[0]?.['n']));
  });
});
