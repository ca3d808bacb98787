import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { functionCalls } from '../../src/core/sql-function-calls.js';
import {
  SNOWFLAKE_FUNCTIONS,
  snowflakeEquivalent,
  unknownFunctions,
} from '../../src/adapters/snowflake/snowflake-functions.js';
import { REPO_ROOT } from '../helpers/project.js';

const names = (sql: string): string[] => functionCalls(sql).map((c) => c.name);

describe('function calls in SQL text', () => {
  it('finds calls with their line and column, nested ones included', () => {
    expect(functionCalls("select id,\n  coalesce(nullif(TRIM(a), ''), 'x')\nfrom t")).toEqual([
      { name: 'coalesce', offset: 13, line: 2, column: 3 },
      { name: 'nullif', offset: 22, line: 2, column: 12 },
      { name: 'trim', offset: 29, line: 2, column: 19 },
    ]);
    expect(names('select count (*), sum(x) + max(y) from t')).toEqual(['count', 'sum', 'max']);
  });

  it('skips strings, with doubled quotes and backslash escapes, and $$ bodies', () => {
    expect(names("select 'bool_or(x)', 'it''s f(', 'a\\'b bool_or(', g(1)")).toEqual(['g']);
    expect(names('select $$ bool_or(x) $$, h(1)')).toEqual(['h']);
  });

  it('skips comments and quoted identifiers', () => {
    const sql = '-- bool_or(x)\n/* bool_or(y)\n */ // z(1)\nselect f(1), "bool_or"(x), "a""b(" from t';
    expect(functionCalls(sql)).toEqual([{ name: 'f', offset: 47, line: 4, column: 8 }]);
  });

  it('skips qualified names (UDFs, tables)', () => {
    expect(names('select ml.predict(x), db.s.f(y), "DB"."S".g(z), upper(w) from db.s.t')).toEqual(['upper']);
  });

  it('skips keywords followed by a parenthesis', () => {
    const sql = [
      'select x in (1, 2), exists (select 1), count(*) over (partition by a order by b),',
      "  listagg(a, ',') within group (order by a), array_agg(a) filter (where b)",
      'from t join u using (id) where a = any (select 1) and not (b) or (c)',
      'qualify row_number() over (order by a) = 1',
      'union all (select 1) except (select 2)',
    ].join('\n');
    expect(names(sql)).toEqual(['count', 'listagg', 'array_agg', 'row_number']);
  });

  it('table(generator(…)) and lateral flatten(…): the functions, not table', () => {
    expect(names('select seq4() from table(generator(rowcount => 3))')).toEqual(['seq4', 'generator']);
    expect(names('select f.value from t, lateral flatten(input => t.v) f')).toEqual(['flatten']);
    expect(names('select * from range(3) join unnest(l) on true')).toEqual(['range', 'unnest']);
  });

  it('skips types: casts, :: and column definitions', () => {
    expect(
      names(
        'select x::number(38,0), x :: varchar (10), cast(y as varchar(10)), try_cast(z as decimal(12, 2))',
      ),
    ).toEqual(['cast', 'try_cast']);
    expect(
      names('create or replace table t (a number(38,0), b varchar(10), c array(int)) cluster by (a)'),
    ).toEqual([]);
  });

  it('skips tables, views, column lists and CTE column lists', () => {
    expect(names("insert into t (a, b) values (1, upper('x'))")).toEqual(['upper']);
    expect(names('create view v (a) as select 1')).toEqual([]);
    expect(
      names('with recursive steps(n) as (select 1) , more (a, b) as (select 1, 2) select * from steps'),
    ).toEqual([]);
    expect(names('select * from (values (1, 2)) as v(a, b), (values (3)) w(c)')).toEqual([]);
    expect(
      names('create or replace function f(x float) returns number(38, 0) as $$ x $$; call p(1)'),
    ).toEqual([]);
    expect(names('drop function if exists f(number)')).toEqual([]);
  });

  it("Snowflake Scripting's if (…) then is not DuckDB's if()", () => {
    expect(names('begin\n  if (existing = 0) then\n    select 1;\n  end if;\nend;')).toEqual([]);
    expect(names('select if(a, 1, 2) from t')).toEqual(['if']);
  });

  it('system$ functions and stages', () => {
    expect(names("select system$stream_has_data('s'), $1 from @~/dir/ (file_format => 'f')")).toEqual([
      'system$stream_has_data',
    ]);
  });
});

describe("Snowflake's built-in functions", () => {
  it('has no DuckDB-only function', () => {
    for (const name of [
      'bool_or',
      'bool_and',
      'string_agg',
      'list_value',
      'list_transform',
      'struct_pack',
      'epoch_ms',
      'strftime',
      'regexp_matches',
      'range',
      'unnest',
      'date_diff',
      'to_days',
      'if',
      'list',
    ]) {
      expect(SNOWFLAKE_FUNCTIONS.has(name), name).toBe(false);
    }
  });

  it("has Snowflake's own, across categories", () => {
    for (const name of [
      'boolor_agg',
      'booland_agg',
      'count_if',
      'iff',
      'array_agg',
      'listagg',
      'hash_agg',
      'approx_count_distinct',
      'median',
      'mode',
      'ratio_to_report',
      'div0',
      'square',
      'uniform',
      'random',
      'seq4',
      'nvl',
      'zeroifnull',
      'decode',
      'to_varchar',
      'try_cast',
      'dateadd',
      'datediff',
      'date_trunc',
      'last_day',
      'convert_timezone',
      'regexp_substr',
      'split_part',
      'hash',
      'md5',
      'sha2',
      'object_construct',
      'flatten',
      'parse_json',
      'generator',
      'system$task_dependents_enable',
      'system$stream_has_data',
      'current_timestamp',
      'current_date',
      'current_role',
    ]) {
      expect(SNOWFLAKE_FUNCTIONS.has(name), name).toBe(true);
    }
  });

  it('each suggested replacement is a Snowflake function, for a name that is not', () => {
    for (const name of ['bool_or', 'string_agg', 'date_diff', 'strftime', 'unnest', 'range', 'if']) {
      const equivalent = snowflakeEquivalent(name);
      expect(equivalent && SNOWFLAKE_FUNCTIONS.has(equivalent), name).toBe(true);
    }
    expect(snowflakeEquivalent('toString')).toBeUndefined();
  });

  it('unknownFunctions: the calls Snowflake would refuse, minus the names given', () => {
    expect(
      unknownFunctions(
        'select boolor_agg(a),\n  bool_or(a), my_udf(a), s.other_udf(a) from t',
        new Set(['my_udf']),
      ),
    ).toEqual([{ name: 'bool_or', offset: 24, line: 2, column: 3 }]);
  });

  it('finds nothing unknown in the SQL Forge writes for Snowflake (goldens)', () => {
    const dir = path.join(REPO_ROOT, 'tests/golden/dialects/snowflake');
    const files = [
      ...readdirSync(dir).map((f) => path.join(dir, f)),
      path.join(REPO_ROOT, 'tests/golden/example-snowflake.sql'),
    ];
    for (const file of files) expect(unknownFunctions(readFileSync(file, 'utf8')), file).toEqual([]);
  });
});
