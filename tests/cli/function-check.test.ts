import { describe, expect, it } from 'vitest';
import { forge, makeProject } from '../helpers/project.js';

const PROJECT =
  'name: p\ntargets:\n  dev: { type: duckdb }\n  sf: { type: snowflake, account: acme, user: ci, database: DB, schema: S }\n';
const FLAGS =
  'select id,\n  count(*) as n,\n  bool_or(late) as any_late\nfrom (select 1 as id, true as late) as t\ngroup by id\n';

/** No account needed: compile does not connect, so a DuckDB-only function is caught before any build. */
describe('functions Snowflake does not have fail compile on a Snowflake target (FRG1502)', () => {
  it("in a model's own SQL: the model's file and line, with the function to use", async () => {
    const dir = await makeProject({ 'project.yml': PROJECT, 'models/flags.sql': FLAGS });
    const sf = await forge(dir, 'compile', '--target', 'sf');
    expect(sf.code).toBe(1);
    expect(sf.stderr).toContain(
      'models/flags.sql:3:3 FRG1502 function "bool_or" is not a Snowflake function (in flags)',
    );
    expect(sf.stderr).toContain('hint: use the cross-database macro {{bool_or …}} (boolor_agg on Snowflake');
    const duckdb = await forge(dir, 'compile');
    expect(duckdb.code).toBe(0);
  });

  it("in a macro: the macro's file and line", async () => {
    const dir = await makeProject({
      'project.yml': PROJECT,
      'macros/flags.sql':
        '{{#macro "latest_per_day" column}}\n  strftime({{column}}, \'%Y-%m-%d\')\n{{/macro}}\n',
      'models/days.sql':
        'select\n  {{latest_per_day "ordered_at"}} as day\nfrom (select current_timestamp as ordered_at) as t\n',
    });
    const sf = await forge(dir, 'compile', '--target', 'sf');
    expect(sf.code).toBe(1);
    expect(sf.stderr).toContain(
      'macros/flags.sql:2:3 FRG1502 function "strftime" is not a Snowflake function (in days)',
    );
    expect(sf.stderr).toContain("hint: Snowflake's is to_varchar");
    expect((await forge(dir, 'compile')).code).toBe(0);
  });

  it('the cross-database macro, a qualified UDF and a function the project creates compile on both', async () => {
    const dir = await makeProject({
      'project.yml': PROJECT,
      'models/flags.sql': [
        '{{config post_hook="create or replace function forge_double(x number) returns number as \'x * 2\'"}}',
        'select id, {{bool_or "late"}} as any_late, forge_double(id) as twice, util.score(id) as score',
        'from (select 1 as id, true as late) as t',
        'group by id',
      ].join('\n'),
    });
    const sf = await forge(dir, 'compile', '--target', 'sf');
    expect(sf.stderr).not.toContain('FRG1502');
    expect(sf.code).toBe(0);
  });

  it('a backslash Snowflake would drop from a string literal warns (FRG1503); a doubled one does not', async () => {
    const dir = await makeProject({
      'project.yml': PROJECT,
      'models/codes.sql':
        "select code from (select 'A12' as code) as t\nwhere regexp_like(code, '^A\\d+$')\n",
      'models/ok.sql': "select code from (select 'A12' as code) as t\nwhere regexp_like(code, '^A\\\\d+$')\n",
      // a lone \1 is not an escape on Snowflake (octal needs three digits): it reads as 1
      'models/backref.sql':
        "select regexp_replace('ab', '(a)b', '\\1x', 1, 0) as r, 'tab\\tnewline\\n' as escapes\n",
    });
    const sf = await forge(dir, 'compile', '--target', 'sf');
    expect(sf.code, sf.stderr).toBe(0);
    const out = sf.stdout + sf.stderr;
    expect(out).toMatch(
      /models\/codes\.sql warning FRG1503 codes: the string '\^A\\d\+\$' has a backslash Snowflake drops/,
    );
    expect(out).not.toMatch(/FRG1503 ok:/);
    expect(out).toMatch(/FRG1503 backref: the string '\\1x'/);
    const duckdb = await forge(dir, 'compile');
    expect(duckdb.stdout + duckdb.stderr).not.toContain('FRG1503');
  });
});
