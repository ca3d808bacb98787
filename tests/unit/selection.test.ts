import { beforeAll, describe, expect, it } from 'vitest';
import { parse, select } from '../../src/api/forge.js';
import type { Parsed } from '../../src/api/forge.js';
import { parseSelection } from '../../src/select/selector-parse.js';
import { copyFixture } from '../helpers/project.js';

let parsed: Parsed;
beforeAll(async () => {
  // a copy: parsing writes the parse cache under .forge/
  parsed = await parse({ projectDir: await copyFixture('mini'), env: {} });
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
});

function names(
  selectWords: string[],
  exclude: string[] = [],
  indirect: 'none' | 'eager' | 'cautious' = 'none',
): string[] {
  const { manifest, dag } = parsed;
  if (!manifest || !dag) throw new Error('fixture did not parse');
  const { ids } = select(manifest, dag, { select: selectWords, exclude, indirect });
  const keepTests = indirect !== 'none' || selectWords.some((w) => w.includes('test'));
  return ids
    .filter((id) => keepTests || !id.startsWith('test.'))
    .map((id) => manifest.nodes.get(id)?.name ?? id)
    .sort();
}

describe('dbt selection examples on the mini project', () => {
  const table: [string, string[], string[], string[]][] = [
    ['a name', ['stg_orders'], [], ['stg_orders']],
    [
      '+name: ancestors',
      ['+customer_revenue'],
      [],
      ['customer_revenue', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders'],
    ],
    ['name+: descendants', ['stg_orders+'], [], ['big_spenders', 'customer_revenue', 'stg_orders']],
    ['1+name: one level up', ['1+customer_revenue'], [], ['customer_revenue', 'stg_customers', 'stg_orders']],
    ['name+1: one level down', ['raw_orders+1'], [], ['raw_orders', 'stg_orders']],
    [
      '@name: descendants and their ancestors',
      ['@stg_orders'],
      [],
      ['big_spenders', 'customer_revenue', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders'],
    ],
    ['+a,+b: intersection of ancestors', ['+stg_orders,+customer_revenue'], [], ['raw_orders', 'stg_orders']],
    ['union by space', ['stg_orders', 'stg_customers'], [], ['stg_customers', 'stg_orders']],
    ['union inside one word', ['stg_orders stg_customers'], [], ['stg_customers', 'stg_orders']],
    ['tag:x', ['tag:staging'], [], ['stg_customers', 'stg_orders']],
    ['tag:x+', ['tag:staging+'], [], ['big_spenders', 'customer_revenue', 'stg_customers', 'stg_orders']],
    ['tag from the config call', ['tag:finance'], [], ['customer_revenue']],
    ['tag from YAML properties', ['tag:from_yaml'], [], ['stg_orders']],
    ['path:', ['path:models/marts'], [], ['big_spenders', 'customer_revenue']],
    ['a bare folder path', ['models/staging'], [], ['stg_customers', 'stg_orders']],
    ['file:', ['file:stg_orders.sql'], [], ['stg_orders']],
    ['fqn folder', ['marts'], [], ['big_spenders', 'customer_revenue']],
    ['fqn wildcard', ['staging.*'], [], ['stg_customers', 'stg_orders']],
    ['fqn with project', ['mini.marts.big_spenders'], [], ['big_spenders']],
    ['name glob', ['stg_*'], [], ['stg_customers', 'stg_orders']],
    // customer_revenue: YAML says table, its own config call says incremental — the call wins.
    ['config.materialized:', ['config.materialized:table'], [], ['big_spenders', 'stg_orders']],
    ['config.materialized:incremental', ['config.materialized:incremental'], [], ['customer_revenue']],
    ['resource_type:seed', ['resource_type:seed'], [], ['raw_customers', 'raw_orders']],
    ['test_type:singular', ['test_type:singular'], [], ['revenue_positive']],
    [
      'test_name:unique',
      ['test_name:unique'],
      [],
      ['unique_customer_revenue_customer_id', 'unique_stg_orders_order_id'],
    ],
    [
      'exclude',
      ['+customer_revenue'],
      ['resource_type:seed'],
      ['customer_revenue', 'stg_customers', 'stg_orders'],
    ],
    ['exclude with an operator', ['marts+'], ['+customer_revenue'], ['big_spenders']],
    ['intersection with a method', ['tag:mart,config.materialized:table'], [], ['big_spenders']],
  ];
  it.each(table)('%s', (_label, selectWords, exclude, expected) => {
    expect(names(selectWords, exclude)).toEqual(expected);
  });
});

describe('indirect selection of tests', () => {
  it('eager picks every test touching a selected node', () => {
    expect(names(['stg_orders'], [], 'eager')).toEqual([
      'not_null_stg_orders_order_id',
      'relationships_stg_orders_customer_id__ref_stg_customers',
      'stg_orders',
      'unique_stg_orders_order_id',
    ]);
  });
  it('cautious needs every tested node selected', () => {
    expect(names(['stg_orders'], [], 'cautious')).toEqual([
      'not_null_stg_orders_order_id',
      'stg_orders',
      'unique_stg_orders_order_id',
    ]);
    expect(names(['stg_orders', 'stg_customers'], [], 'cautious')).toContain(
      'relationships_stg_orders_customer_id__ref_stg_customers',
    );
  });
});

describe('selector parsing', () => {
  it('builds an expression tree', () => {
    const { expr } = parseSelection(['+a,tag:x', 'b+2'], ['@c']);
    expect(expr).toMatchObject({
      kind: 'exclude',
      base: {
        kind: 'or',
        items: [
          {
            kind: 'and',
            items: [
              { method: 'fqn', value: 'a', parents: Infinity },
              { method: 'tag', value: 'x' },
            ],
          },
          { value: 'b', children: 2 },
        ],
      },
      minus: { kind: 'atom', value: 'c', childrensParents: true },
    });
  });
  it('rejects an unknown method with a suggestion', () => {
    const { diagnostics } = parseSelection(['tga:gold'], []);
    expect(diagnostics[0]?.message).toBe('unknown selector method "tga" in "tga:gold" — did you mean "tag"?');
  });
});
