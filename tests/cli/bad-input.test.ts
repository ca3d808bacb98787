import { describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';

/** Each bad input: the exit code and the exact line a user reads. */
describe('bad input gets a located, coded error', () => {
  it('a Handlebars syntax error', async () => {
    const dir = await copyFixture('mini', {
      'models/staging/broken.sql': 'select 1\nfrom {{ref "raw_orders"}\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('models/staging/broken.sql:2:');
    expect(r.stderr).toMatch(/FRG1201 template syntax error: Expecting .*got 'INVALID'/);
  });

  it('an unknown ref, with a did-you-mean', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/bad_ref.sql': 'select *\nfrom {{ref "stg_ordrs"}}\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/marts/bad_ref.sql:2:6 FRG1203 ref "stg_ordrs" not found — did you mean "stg_orders"?',
    );
  });

  it('a cycle, with the whole path and each ref that closes it', async () => {
    const dir = await copyFixture('mini', {
      'models/staging/stg_customers.sql':
        'select * from {{ref "raw_customers"}} join {{ref "big_spenders"}} using (customer_id)\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'FRG1301 dependency cycle: big_spenders → stg_customers → customer_revenue → big_spenders',
    );
    expect(r.stderr).toContain('models/staging/stg_customers.sql:1:44 stg_customers refs big_spenders');
    expect(r.stderr).toContain('models/marts/big_spenders.sql:1:15 big_spenders refs customer_revenue');
  });

  it('an invalid project.yml: unknown key, bad config value, literal secret', async () => {
    const dir = await copyFixture('mini', {
      'project.yml': [
        'name: mini',
        'modles: {}',
        'models:',
        '  +materialized: tabel',
        'targets:',
        '  prod:',
        '    type: snowflake',
        '    password: hunter2',
        '',
      ].join('\n'),
    });
    const r = await forge(dir, 'parse', '--target', 'prod');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'project.yml:2:1 FRG1003 unknown key "modles" in project.yml — did you mean "models"?',
    );
    expect(r.stderr).toContain(
      'project.yml:4:3 FRG1003 config "materialized" must be one of view, table, incremental, ephemeral, dynamic_table, snapshot',
    );
    expect(r.stderr).toContain(
      'project.yml:8:15 FRG1005 "password" is a secret and must come from an environment variable',
    );
    expect(r.stderr).not.toContain('hunter2');
  });

  it('project.yml that is not YAML', async () => {
    const dir = await copyFixture('mini', { 'project.yml': 'name: mini\nvars: [unclosed\n' });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/project\.yml:\d+:\d+ FRG1002 invalid YAML/);
  });

  it('invalid YAML properties', async () => {
    const dir = await copyFixture('mini', {
      'models/schema.yml':
        'models:\n  - name: stg_orders\n    colums:\n      - name: order_id\n    config:\n      materialized: 3\n',
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/schema.yml:3:5 FRG1102 unknown key "colums" in a model — did you mean "columns"?',
    );
    expect(r.stderr).toContain('models/schema.yml:6:7 FRG1102 config "materialized" must be one of');
  });

  it('a list literal in a config hash', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/listy.sql':
        '{{config materialized="incremental" unique_key=[order_id, line_no]}}\nselect 1 as order_id\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/marts/listy.sql:1:37 FRG1205 config unique_key=[…] is not a list in Handlebars',
    );
    expect(r.stderr).toContain('hint: write unique_key="a,b" or unique_key=(array "a" "b")');
  });

  it('a dynamic ref', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/dyn.sql': 'select * from {{ref (var "which")}}\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('models/marts/dyn.sql:1:21 FRG1202 ref needs literal string arguments');
  });

  it('an unknown selector method', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'ls', '--select', 'tga:mart');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FRG1402 unknown selector method "tga" in "tga:mart" — did you mean "tag"?');
  });

  it('an empty selection is a warning with exit code 0', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'compile', '--select', 'tag:nothing_has_this');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning FRG1403 the selection "tag:nothing_has_this" matches no nodes');
  });

  it('an unknown macro with a did-you-mean, and all problems at once', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/m1.sql': 'select {{cents_to_dolars "x"}} as y from {{ref "stg_orders"}}\n',
      'models/marts/m2.sql': 'select * from {{ref "nope"}}\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/marts/m1.sql:1:10 FRG1209 unknown helper or macro "cents_to_dolars" — did you mean "cents_to_dollars"?',
    );
    expect(r.stderr).toContain('models/marts/m2.sql:1:15 FRG1203 ref "nope" not found');
  });

  it('an unknown target and an unset env var for a secret', async () => {
    const dir = await copyFixture('mini', {
      'project.yml':
        'name: mini\ntargets:\n  dev: { type: duckdb }\n  prod: { type: snowflake, password: { env: FORGE_TEST_UNSET_PW } }\n',
    });
    expect((await forge(dir, 'parse', '--target', 'prd')).stderr).toContain(
      'FRG1004 target "prd" is not defined — did you mean "prod"?',
    );
    expect((await forge(dir, 'parse', '--target', 'prod')).stderr).toContain(
      'FRG1006 target "prod" setting "password" reads environment variable FORGE_TEST_UNSET_PW, which is not set',
    );
  });

  it('an unknown command or option is usage (exit 2)', async () => {
    const dir = await copyFixture('mini');
    expect(await forge(dir, 'complie')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "complie" — did you mean "compile"?'),
    });
    expect(await forge(dir, 'ls', '--selct', 'x')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown option --selct — did you mean "--select"?'),
    });
  });
});
