/**
 * Landed files keyed by name, size and content hash: a file that changed since its load is reloaded
 * (its old rows replaced in one transaction), a header that lost a column is refused before anything
 * loads, and an empty file is a landed-file warning, not a seed's error.
 */
import { describe, expect, it } from 'vitest';
import { stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFixture, forge, query } from '../helpers/project.js';

const ORDERS = 'landing/orders';

async function build(dir: string): Promise<{ code: number; out: string }> {
  const r = await forge(dir, 'build');
  return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
}

/** The fixture built, then `file` landed with `text`, then built again. */
async function rebuildAfter(file: string, text: string): Promise<{ dir: string; code: number; out: string }> {
  const dir = await copyFixture('landed');
  expect((await build(dir)).code).toBe(0);
  await writeFile(path.join(dir, ORDERS, file), text);
  return { dir, ...(await build(dir)) };
}

const rawOrders = (dir: string): Promise<Record<string, unknown>[]> =>
  query(dir, 'select order_id, amount, _source_file from raw.orders order by order_id');

describe('landed files that change after their load', () => {
  it('a file rewritten after a build is reloaded: its new rows replace the old ones, no duplicates', async () => {
    const { dir, ...rebuilt } = await rebuildAfter('orders_1.csv', 'order_id,amount\n1,11\n3,30\n4,40\n');
    expect(rebuilt.code, rebuilt.out).toBe(0);
    expect(rebuilt.out).toContain('load raw.orders (0 new files, 1 reloaded) [3 rows');
    expect(rebuilt.out).toMatch(
      /raw\.orders: reloaded landing\/orders\/orders_1\.csv \(changed since its load: 26 → 31 bytes\); its 2 old rows replaced/,
    );
    const file = 'landing/orders/orders_1.csv';
    expect(await rawOrders(dir)).toEqual([
      { order_id: '1', amount: '11', _source_file: file },
      { order_id: '3', amount: '30', _source_file: file },
      { order_id: '4', amount: '40', _source_file: file },
    ]);
    expect(await query(dir, 'select * from {{ref "order_totals"}}')).toEqual([
      { n: 3, orders: 3, amount: 81 },
    ]);
    expect(await query(dir, 'select file, rows_loaded, size from raw._forge_loads')).toEqual([
      { file, rows_loaded: 3, size: 31 },
    ]);
    const again = await build(dir);
    expect(again.out).toContain('load raw.orders (0 new files)');
  });

  it('a rewrite of the same size is found by its content hash', async () => {
    const { dir, ...rebuilt } = await rebuildAfter('orders_1.csv', 'order_id,amount\n1,19\n2,29\n');
    expect(rebuilt.out).toMatch(
      /reloaded landing\/orders\/orders_1\.csv \(changed since its load: same size, new content\)/,
    );
    expect(
      await query(dir, 'select sum(cast(amount as integer)) as total, count(*) as n from raw.orders'),
    ).toEqual([{ total: 48, n: 2 }]);
  });

  it('a file read while half-written is reloaded whole once complete: every row exactly once', async () => {
    const dir = await copyFixture('landed');
    await writeFile(path.join(dir, ORDERS, 'orders_2.csv'), 'order_id,amount\n5,50\n');
    expect((await build(dir)).code).toBe(0);
    expect(await query(dir, 'select count(*) as n from raw.orders')).toEqual([{ n: 3 }]);
    await writeFile(path.join(dir, ORDERS, 'orders_2.csv'), 'order_id,amount\n5,50\n6,60\n7,70\n');
    const completed = await build(dir);
    expect(completed.code, completed.out).toBe(0);
    expect(completed.out).toMatch(
      /reloaded landing\/orders\/orders_2\.csv \(changed since its load: 21 → 31 bytes\); its 1 old row replaced/,
    );
    expect(
      await query(dir, 'select order_id, count(*) as n from raw.orders group by order_id order by order_id'),
    ).toEqual(['1', '2', '5', '6', '7'].map((order_id) => ({ order_id, n: 1 })));
    expect(await query(dir, 'select * from {{ref "order_totals"}}')).toEqual([
      { n: 5, orders: 5, amount: 210 },
    ]);
  });

  it('a touched file with the same content is not reloaded', async () => {
    const dir = await copyFixture('landed');
    expect((await build(dir)).code).toBe(0);
    const touchedAt = new Date(Date.now() + 60_000);
    const file = path.join(dir, ORDERS, 'orders_1.csv');
    await utimes(file, touchedAt, touchedAt);
    const again = await build(dir);
    expect(again.out).toContain('load raw.orders (0 new files)');
    expect(again.out).not.toContain('reloaded');
    // the history has the new time, so the next build trusts the file without reading it
    expect(await query(dir, 'select modified_ms from raw._forge_loads')).toEqual([
      { modified_ms: Number((await stat(file, { bigint: true })).mtimeNs / 1_000_000n) },
    ]);
  });
});

describe('landed CSV headers', () => {
  it('a header that renames a column is a coded error naming the file and the columns; what was loaded stays', async () => {
    const { dir, ...renamed } = await rebuildAfter('orders_2.csv', 'order_id,amt\n5,50\n');
    expect(renamed.code).toBe(1);
    expect(renamed.out).toContain(
      'landing/orders/orders_2.csv:1 FRG2019 the header of landing/orders/orders_2.csv lacks column amount of raw.orders (it has amt, which raw.orders does not)',
    );
    expect(renamed.out).toContain('SKIP  order_totals');
    expect(await rawOrders(dir)).toEqual([
      { order_id: '1', amount: '10', _source_file: 'landing/orders/orders_1.csv' },
      { order_id: '2', amount: '20', _source_file: 'landing/orders/orders_1.csv' },
    ]);
    expect(await query(dir, 'select * from {{ref "order_totals"}}')).toEqual([
      { n: 2, orders: 2, amount: 30 },
    ]);
  });

  it('a loaded file rewritten with a renamed column is refused and keeps its rows', async () => {
    const { dir, ...renamed } = await rebuildAfter('orders_1.csv', 'order_id,total\n1,10\n2,20\n');
    expect(renamed.code).toBe(1);
    expect(renamed.out).toContain(
      'FRG2019 the header of landing/orders/orders_1.csv lacks column amount of raw.orders (it has total',
    );
    expect(await query(dir, 'select count(*) as n, count(amount) as amounts from raw.orders')).toEqual([
      { n: 2, amounts: 2 },
    ]);
  });

  it('files of a first load must agree on their columns', async () => {
    const dir = await copyFixture('landed', { [`${ORDERS}/orders_2.csv`]: 'order_id,amt\n5,50\n' });
    const first = await build(dir);
    expect(first.code).toBe(1);
    expect(first.out).toContain(
      'FRG2019 the header of landing/orders/orders_2.csv lacks column amount of landing/orders/orders_1.csv (it has amt',
    );
    expect(
      await query(
        dir,
        "select count(*) as n from information_schema.tables where table_schema = 'raw' and table_name = 'orders'",
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('a declared column missing from a header is refused too', async () => {
    const dir = await copyFixture('landed', {
      'models/sources.yml':
        'sources:\n  - name: feed\n    schema: raw\n    tables:\n      - name: orders\n' +
        '        external: { location: "landing/orders/*.csv" }\n        columns: [{ name: order_id }, { name: status }]\n',
    });
    const first = await build(dir);
    expect(first.code).toBe(1);
    expect(first.out).toContain(
      'landing/orders/orders_1.csv:1 FRG2019 the header of landing/orders/orders_1.csv lacks column status declared for feed.orders',
    );
  });

  it('a file may add a column: the table gains it, earlier rows have it empty', async () => {
    const { dir, ...widened } = await rebuildAfter('orders_2.csv', 'order_id,amount,channel\n5,50,web\n');
    expect(widened.code, widened.out).toBe(0);
    expect(await query(dir, 'select order_id, channel from raw.orders order by order_id')).toEqual([
      { order_id: '1', channel: null },
      { order_id: '2', channel: null },
      { order_id: '5', channel: 'web' },
    ]);
  });
});

describe('empty landed files', () => {
  it('a 0-byte file is skipped with a landed-file warning (not the seed message), and loaded once it has rows', async () => {
    const dir = await copyFixture('landed');
    await writeFile(path.join(dir, ORDERS, 'orders_2.csv'), '');
    const first = await build(dir);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain(
      'landing/orders/orders_2.csv warning FRG2020 landed source file landing/orders/orders_2.csv (feed.orders) is empty: no header, no rows; skipped',
    );
    expect(first.out).not.toContain('seed');
    expect(first.out).toContain('load raw.orders (1 new file) [2 rows');
    const quiet = await build(dir);
    expect(quiet.out).not.toContain('FRG2020');
    await writeFile(path.join(dir, ORDERS, 'orders_2.csv'), 'order_id,amount\n5,50\n');
    const filled = await build(dir);
    expect(filled.code, filled.out).toBe(0);
    expect(await query(dir, 'select count(*) as n from raw.orders')).toEqual([{ n: 3 }]);
  });

  it('a header-only file loads zero rows, once', async () => {
    const dir = await copyFixture('landed', { [`${ORDERS}/orders_2.csv`]: 'order_id,amount\n' });
    const first = await build(dir);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('load raw.orders (2 new files) [2 rows');
    expect((await build(dir)).out).toContain('load raw.orders (0 new files)');
  });

  it('a file emptied after its load keeps its rows, with a warning, until it has content again', async () => {
    const { dir, ...emptied } = await rebuildAfter('orders_1.csv', '');
    expect(emptied.code, emptied.out).toBe(0);
    expect(emptied.out).toContain(
      'FRG2020 landed source file landing/orders/orders_1.csv (feed.orders) is empty now: its 2 rows loaded before are kept',
    );
    expect(await query(dir, 'select count(*) as n from raw.orders')).toEqual([{ n: 2 }]);
  });
});
