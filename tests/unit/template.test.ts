import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/template/handlebars-parse.js';
import { parseMacroFile } from '../../src/template/macros.js';
import { RelationValue, renderTemplate, type RenderEnv } from '../../src/template/render.js';
import { extractFacts } from '../../src/template/static-extract.js';

const macros = new Map(
  parseMacroFile(
    '{{#macro "money" column scale=2}}round({{column}}, {{scale}}){{/macro}}\n' +
      '{{#macro "snowflake__split_part" a b c}}custom_split({{a}}){{/macro}}',
    'macros/m.sql',
  ).macros.map((m) => [m.name, m]),
);

function render(text: string, overrides: Partial<RenderEnv> = {}): string {
  const { program } = parseTemplate(text, 'models/t.sql');
  if (!program) throw new Error('parse failed');
  return renderTemplate(program, {
    file: 'models/t.sql',
    adapter: 'duckdb',
    target: { type: 'duckdb', name: 'dev', schema: 'main' },
    vars: { region: 'EU', list: ['a', 'b'] },
    env: { USER_NAME: 'ada' },
    macros,
    resolveRef: (n) => `silver.${n}`,
    resolveSource: (s, t) => `${s}_schema.${t}`,
    self: new RelationValue('shop', 'gold', 'orders', 'gold.orders'),
    isIncremental: false,
    modelName: 'orders',
    ...overrides,
  });
}

describe('rendering', () => {
  it('renders refs, sources, this and target without HTML escaping', () => {
    expect(
      render(
        `select '<&>' from {{ref "a"}} join {{source "raw" "b"}} -- {{this}} {{this.schema}} {{target.type}}`,
      ),
    ).toBe(`select '<&>' from silver.a join raw_schema.b -- gold.orders gold duckdb`);
  });
  it('reads vars and env vars with defaults', () => {
    expect(
      render('{{var "region"}} {{var "missing" "x"}} {{env_var "USER_NAME"}} {{join (var "list") "|"}}'),
    ).toBe('EU x ada a|b');
  });
  it('a var with no value and no default is a located error', () => {
    expect(() => render('select\n  {{var "nope"}}')).toThrow(
      /models\/t\.sql:2:3 FRG1210 var "nope" is not set/,
    );
  });
  it('is_incremental switches the branch', () => {
    const t = 'x{{#if (is_incremental)}} where new{{/if}}';
    expect(render(t)).toBe('x');
    expect(render(t, { isIncremental: true })).toBe('x where new');
  });
  it('calls user macros with positional, named and default arguments', () => {
    expect(render('{{money "amt"}} {{money column="b" scale=4}}')).toBe('round(amt, 2) round(b, 4)');
  });
  it('dispatches cross-database macros by adapter, with per-adapter user overrides', () => {
    const t = '{{dateadd "day" 7 "d"}} | {{split_part "s" "," 1}}';
    expect(render(t)).toBe("(d + 7 * interval 1 day) | split_part(s, ',', 1)");
    expect(render(t, { adapter: 'snowflake' })).toBe('dateadd(day, 7, d) | custom_split(s)');
  });
  it('lets a macro parameter shadow a helper name, and supports inline if and concat', () => {
    const shadow = new Map(
      parseMacroFile('{{#macro "wrap" array}}[{{array}}]{{/macro}}', 'macros/s.sql').macros.map((m) => [
        m.name,
        m,
      ]),
    );
    expect(
      render('{{wrap "x"}} {{concat "a" (ref "b") (if (is_incremental) "!" "?")}}', { macros: shadow }),
    ).toBe('[x] asilver.b?');
  });
  it('iterates with each', () => {
    expect(render('{{#each (array "a" "b")}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}')).toBe('a, b');
  });
});

describe('static extraction', () => {
  const extract = (text: string) => {
    const { program } = parseTemplate(text, 'models/t.sql');
    if (!program) throw new Error('parse failed');
    return extractFacts(program, {
      file: 'models/t.sql',
      macros: new Set(['money']),
      vars: { mat: 'table' },
      env: {},
    });
  };
  it('reads refs, sources, config, macros and vars without rendering', () => {
    const { facts, diagnostics } = extract(
      '{{config materialized=(var "mat") unique_key=(array "a" "b") tags="x,y"}}\n' +
        'select {{money "c"}} from {{ref "a"}} join {{source "raw" "t"}} where {{var "z" 1}}',
    );
    expect(diagnostics).toEqual([]);
    expect(facts.refs.map((r) => r.name)).toEqual(['a']);
    expect(facts.sources).toMatchObject([{ source: 'raw', table: 't', location: { line: 2, column: 44 } }]);
    expect(facts.config).toEqual({ materialized: 'table', unique_key: ['a', 'b'], tags: ['x', 'y'] });
    expect(facts.macros).toEqual(['money']);
    expect([...facts.vars].sort()).toEqual(['mat', 'z']);
  });
  it('comma strings and (array) give the same unique_key', () => {
    expect(extract('{{config unique_key="a, b"}}').facts.config).toEqual(
      extract('{{config unique_key=(array "a" "b")}}').facts.config,
    );
  });
});
