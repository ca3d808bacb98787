/**
 * Landed files that change, on Snowflake (the loopback, through the real driver: PUT to the user
 * stage, COPY INTO with FILES, the server keeping Snowflake's load metadata by name and content): the
 * same history and the same answers as on DuckDB (tests/build/landed-changes.test.ts) — a changed file
 * reloaded with its old rows replaced in one transaction, even when rewritten back to content COPY
 * loaded before; a renamed header column refused before anything is staged.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();
const ORIGINAL = 'order_id,amount\n1,10\n2,20\n';

async function build(dir: string): Promise<{ code: number; out: string }> {
  const r = await forge(dir, 'build', '--target', 'loopback');
  return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
}

const orders = (database: string): Promise<Record<string, unknown>[]> =>
  loopback.server.query(`select order_id, amount from ${database}.raw.orders order by order_id`);

describe('landed files that change, on Snowflake', () => {
  it('a rewritten file is reloaded with its old rows replaced, also when rewritten back to content loaded before', async () => {
    const dir = await loopback.fixture('landed', 'LANDED_SF');
    expect((await build(dir)).code).toBe(0);
    const file = path.join(dir, 'landing/orders/orders_1.csv');
    await writeFile(file, 'order_id,amount\n1,11\n3,30\n4,40\n');
    const rebuilt = await build(dir);
    expect(rebuilt.code, rebuilt.out).toBe(0);
    expect(rebuilt.out).toContain('load LANDED_SF.raw.orders (0 new files, 1 reloaded) [3 rows');
    expect(rebuilt.out).toContain(
      'LANDED_SF.raw.orders: reloaded landing/orders/orders_1.csv (changed since its load: 26 → 31 bytes); its 2 old rows replaced',
    );
    expect(await orders('LANDED_SF')).toEqual([
      { order_id: '1', amount: '11' },
      { order_id: '3', amount: '30' },
      { order_id: '4', amount: '40' },
    ]);
    // the first content again: Snowflake's load metadata knows it, FORCE loads it all the same
    await writeFile(file, ORIGINAL);
    const back = await build(dir);
    expect(back.code, back.out).toBe(0);
    expect(await orders('LANDED_SF')).toEqual([
      { order_id: '1', amount: '10' },
      { order_id: '2', amount: '20' },
    ]);
    expect(
      await loopback.server.query('select file, rows_loaded, size from LANDED_SF.raw._forge_loads'),
    ).toEqual([{ file: 'landing/orders/orders_1.csv', rows_loaded: '2', size: '26' }]);
    expect((await build(dir)).out).toContain('load LANDED_SF.raw.orders (0 new files)');
  });

  it('a file read while half-written has every row exactly once after the next build', async () => {
    const dir = await loopback.fixture('landed', 'HALF_SF');
    await writeFile(path.join(dir, 'landing/orders/orders_2.csv'), 'order_id,amount\n5,50\n');
    expect((await build(dir)).code).toBe(0);
    await writeFile(path.join(dir, 'landing/orders/orders_2.csv'), 'order_id,amount\n5,50\n6,60\n7,70\n');
    const completed = await build(dir);
    expect(completed.code, completed.out).toBe(0);
    expect(
      await loopback.server.query(
        'select order_id, count(*) as n from HALF_SF.raw.orders group by order_id order by order_id',
      ),
    ).toEqual(['1', '2', '5', '6', '7'].map((order_id) => ({ order_id, n: '1' })));
    expect(await loopback.server.query('select n, amount from HALF_SF.DEV.order_totals')).toEqual([
      { n: '5', amount: '210' },
    ]);
  });

  it('a header that renames a column is refused before anything is staged; the loaded rows stay', async () => {
    const dir = await loopback.fixture('landed', 'RENAME_SF');
    expect((await build(dir)).code).toBe(0);
    await writeFile(path.join(dir, 'landing/orders/orders_2.csv'), 'order_id,amt\n5,50\n');
    const renamed = await build(dir);
    expect(renamed.code).toBe(1);
    expect(renamed.out).toMatch(
      /landing\/orders\/orders_2\.csv:1 FRG2019 the header of landing\/orders\/orders_2\.csv lacks column amount of RENAME_SF\.raw\.orders \(it has amt, which RENAME_SF\.raw\.orders does not\)/i,
    );
    const staged = (file: string): boolean =>
      loopback.server.statements.some(
        (s) => /^put /i.test(s.sql) && s.sql.includes(path.join(dir, 'landing/orders', file)),
      );
    expect([staged('orders_1.csv'), staged('orders_2.csv')]).toEqual([true, false]);
    expect(await orders('RENAME_SF')).toEqual([
      { order_id: '1', amount: '10' },
      { order_id: '2', amount: '20' },
    ]);
  });

  it('an empty file is a landed-file warning, and the build goes on', async () => {
    const dir = await loopback.fixture('landed', 'EMPTY_SF');
    await writeFile(path.join(dir, 'landing/orders/orders_2.csv'), '');
    const built = await build(dir);
    expect(built.code, built.out).toBe(0);
    expect(built.out).toContain(
      'landing/orders/orders_2.csv warning FRG2020 landed source file landing/orders/orders_2.csv (feed.orders) is empty: no header, no rows; skipped',
    );
    expect(await orders('EMPTY_SF')).toEqual([
      { order_id: '1', amount: '10' },
      { order_id: '2', amount: '20' },
    ]);
  });
});
