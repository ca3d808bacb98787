import { describe, expect, it } from 'vitest';
import { fixtureColumns, typeHints } from '../../src/execute/unit-fixtures.js';
import { inferType } from '../../src/materializations/seed-plan.js';
import { parseInputRef } from '../../src/parser/unit-test-spec.js';

describe('unit test fixtures', () => {
  it('infer column types from values, CSV text included', () => {
    expect(inferType([1, 2, null])).toBe('BIGINT');
    expect(inferType(['1', '-20'])).toBe('BIGINT');
    expect(inferType([1, 2.5])).toBe('DOUBLE');
    expect(inferType(['0.5', '1e3'])).toBe('DOUBLE');
    expect(inferType([true, 'false'])).toBe('BOOLEAN');
    expect(inferType(['2025-03-01'])).toBe('DATE');
    expect(inferType(['2025-03-01 10:00:00', '2025-03-01T10:00'])).toBe('TIMESTAMP');
    expect(inferType(['2025-03-01', 'x'])).toBe('VARCHAR');
    expect(inferType([null])).toBe('INTEGER');
  });

  it('known columns come first with their types; value-less columns take a hint from the same name elsewhere', () => {
    const hints = typeHints([{ rows: [{ order_id: 1, note: 'a' }], columns: [] }]);
    const columns = fixtureColumns(
      { rows: [], columns: ['order_id', 'amount'] },
      [{ name: 'customer_id', type: 'VARCHAR' }],
      hints,
    );
    expect(columns).toEqual([
      { name: 'customer_id', type: 'VARCHAR' },
      { name: 'order_id', type: 'BIGINT' },
      { name: 'amount', type: 'INTEGER' },
    ]);
  });

  it('reads the inputs dbt writes', () => {
    expect(parseInputRef("ref('stg_orders')")).toEqual({ kind: 'ref', name: 'stg_orders' });
    expect(parseInputRef('source("raw", "orders")')).toEqual({
      kind: 'source',
      source: 'raw',
      table: 'orders',
    });
    expect(parseInputRef(' this ')).toEqual({ kind: 'this' });
    expect(parseInputRef('stg_orders')).toBeUndefined();
  });
});
