import { describe, expect, it } from 'vitest';
import { copyFixture, forge, onWarehouse } from '../helpers/project.js';

const MINI_YML = (staging: string): string =>
  `name: mini\nvars:\n  min_amount: 0\nmodels:\n  staging:\n    +schema: ${staging}\n  marts:\n    +materialized: table\n    +schema: marts\nseeds:\n  +schema: raw\n`;

const relationsNamed = async (dir: string, name: string): Promise<number> =>
  (
    await onWarehouse(
      dir,
      [`select count(*) as n from information_schema.tables where table_name = '${name}'`],
      'mini',
    )
  )[0]?.[0]?.['n'] as number;

/** A database, schema or identifier is written into DDL unquoted: one that is not a plain identifier is refused where it was set. */
describe('identifiers placed in DDL', () => {
  it('+schema in project.yml carrying a second statement: located error, nothing runs, the other relation stays', async () => {
    const dir = await copyFixture('mini');
    await onWarehouse(
      dir,
      ['create schema if not exists main', 'create table main.c as select 1 as x'],
      'mini',
    );
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(`${dir}/project.yml`, MINI_YML('"raw; drop table main.c; --"')),
    );
    const r = await forge(dir, 'build');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'project.yml:6:5 FRG1020 schema "raw; drop table main.c; --" is not a valid identifier\n' +
        '  hint: use letters, digits, _ and $, starting with a letter or _ (Forge writes these names unquoted)',
    );
    expect(await relationsNamed(dir, 'c')).toBe(1);
  });

  it("a model's own config call, an alias in YAML properties and a schema from --vars", async () => {
    const dir = await copyFixture('mini', {
      'models/marts/evil.sql': '{{config schema=(var "s")}}\nselect 1 as x\n',
      'models/marts/props.sql': 'select 1 as x\n',
      'models/props.yml': 'models:\n  - name: props\n    config:\n      alias: "x y"\n',
    });
    const r = await forge(dir, 'compile', '--vars', '{s: "a;b"}');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('models/marts/evil.sql:1:10 FRG1020 schema "a;b" is not a valid identifier');
    expect(r.stderr).toContain('models/props.yml:4:7 FRG1020 alias "x y" is not a valid identifier');
  });

  it("a source's schema, database and identifier, each at its YAML line", async () => {
    const dir = await copyFixture('mini', {
      'models/sources.yml':
        'sources:\n  - name: shop\n    schema: "s-1"\n    database: "d.b"\n    tables:\n      - name: orders\n        identifier: "o\'; --"\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/sources.yml:3:13 FRG1020 source schema "s-1" is not a valid identifier',
    );
    expect(r.stderr).toContain(
      'models/sources.yml:4:15 FRG1020 source database "d.b" is not a valid identifier',
    );
    expect(r.stderr).toContain(
      'models/sources.yml:7:21 FRG1020 source identifier "o\'; --" is not a valid identifier',
    );
  });

  it("a source's default schema and identifier are its names: an error points at the name", async () => {
    const dir = await copyFixture('mini', {
      'models/sources.yml': 'sources:\n  - name: my-source\n    tables:\n      - name: my table\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/sources.yml:2:11 FRG1020 source schema "my-source" is not a valid identifier',
    );
    expect(r.stderr).toContain(
      'models/sources.yml:4:15 FRG1020 source identifier "my table" is not a valid identifier',
    );
  });

  it("a source read as is may quote its table's name (the quotes are the user's; inner quotes doubled)", async () => {
    const odd =
      'sources:\n  - name: land\n    tables:\n      - name: odd\n        identifier: \'"Odd ""Name"""\'\n';
    const dir = await copyFixture('mini', {
      'models/sources.yml': `${odd}      - name: evil\n        identifier: '"x"; drop table c; --"'\n`,
      'models/marts/odd_rows.sql': 'select * from {{source "land" "odd"}}\n',
    });
    const bad = await forge(dir, 'compile');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'models/sources.yml:7:21 FRG1020 source identifier "\\"x\\"; drop table c; --\\"" is not a valid identifier',
    );
    await import('node:fs/promises').then((fs) => fs.writeFile(`${dir}/models/sources.yml`, odd));
    await onWarehouse(
      dir,
      ['create schema land', 'create table land."Odd ""Name""" as select 7 as x'],
      'mini',
    );
    const r = await forge(dir, 'build', '--select', 'odd_rows');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await onWarehouse(dir, ['select x from marts.odd_rows'], 'mini'))[0]).toEqual([{ x: 7 }]);
  });

  it('grant roles and privileges, a snowflake_warehouse, a storage_integration and reader option keys', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/granted.sql': '{{config snowflake_warehouse="wh;x"}}\nselect 1 as x\n',
      'models/grants.yml':
        'models:\n  - name: granted\n    config:\n      grants: { select: [analyst, "r; drop table c"] }\n',
      'models/sources.yml':
        'sources:\n  - name: land\n    tables:\n      - name: files\n        external:\n          location: "s3://b/*.csv"\n' +
        '          storage_integration: "i x"\n          options: { "delim = \';\') --": 1 }\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/marts/granted.sql:1:10 FRG1020 snowflake_warehouse "wh;x" is not a valid identifier',
    );
    expect(r.stderr).toContain(
      'models/grants.yml:4:7 FRG1020 grants select role "r; drop table c" is not a valid identifier',
    );
    expect(r.stderr).toContain(
      'models/sources.yml:7:32 FRG1020 storage_integration "i x" is not a valid identifier',
    );
    expect(r.stderr).toContain(
      'models/sources.yml:8:22 FRG1020 option "delim = \';\') --" is not a valid identifier',
    );
  });

  it('a model file whose name is not an identifier', async () => {
    const dir = await copyFixture('mini', { 'models/marts/my-model.sql': 'select 1 as x\n' });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/marts/my-model.sql FRG1020 identifier "my-model" is not a valid identifier (the file\'s name)',
    );
  });

  it('a singular test keeping its failing rows needs a file name that can name its audit table', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/revenue-ok.test.sql':
        '{{config store_failures=true}}\nselect * from {{ref "customer_revenue"}} where revenue < 0\n',
      'models/marts/revenue-fine.test.sql': 'select * from {{ref "customer_revenue"}} where revenue < 0\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('FRG1020'))).toEqual([
      'models/marts/revenue-ok.test.sql FRG1020 audit table identifier "revenue-ok" is not a valid identifier (the file\'s name)',
    ]);
  });

  it('a generate_schema_name macro that renders an injection', async () => {
    const dir = await copyFixture('mini', {
      'macros/naming.sql':
        '{{#macro "generate_schema_name" custom_schema node_name}}x; drop table c{{/macro}}\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^macros\/naming\.sql:1:\d+ FRG1020 schema "x; drop table c" is not a valid identifier$/m,
    );
  });

  it('a hand-edited state file (--state, --defer) naming a relation part that is not an identifier', async () => {
    const dir = await copyFixture('mini');
    expect((await forge(dir, 'compile')).code).toBe(0);
    const fs = await import('node:fs/promises');
    const state = JSON.parse(await fs.readFile(`${dir}/target/forge_state.json`, 'utf8')) as {
      nodes: Record<string, { relation?: { schema: string } }>;
    };
    const seed = state.nodes['seed.mini.raw_orders'];
    if (seed?.relation) seed.relation.schema = 'raw; drop table c';
    await fs.mkdir(`${dir}/state`);
    await fs.writeFile(`${dir}/state/forge_state.json`, JSON.stringify(state));
    const r = await forge(dir, 'ls', '--select', 'state:modified', '--state', 'state');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `FRG1020 the state file ${dir}/state/forge_state.json names a relation part "raw; drop table c", not a valid identifier`,
    );
  });

  it('a source named with a quote: its load history is written with the name as a literal', async () => {
    const dir = await copyFixture('mini', {
      'models/sources.yml':
        'sources:\n  - name: "o\'brien"\n    schema: land\n    tables:\n      - name: files\n        external: { location: "landing/*.csv" }\n',
      'landing/a.csv': 'x\n1\n',
    });
    const r = await forge(dir, 'build');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await onWarehouse(dir, ['select source, file from land._forge_loads'], 'mini'))[0]).toEqual([
      { source: "source.mini.o'brien.files", file: 'landing/a.csv' },
    ]);
  });

  it('a DuckDB file named my-data.duckdb still builds (its own catalog is never written into SQL)', async () => {
    const dir = await copyFixture('mini');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        `${dir}/project.yml`,
        `${MINI_YML('staging')}targets:\n  dev: { type: duckdb, path: .forge/my-data.duckdb }\n`,
      ),
    );
    const r = await forge(dir, 'build');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('--defer to a state built on my-prod.duckdb: the file is attached under a plain alias', async () => {
    const dir = await copyFixture('mini');
    const fs = await import('node:fs/promises');
    await fs.writeFile(
      `${dir}/project.yml`,
      `${MINI_YML('staging')}targets:\n  dev: { type: duckdb }\n  prod: { type: duckdb, path: .forge/my-prod.duckdb }\n`,
    );
    expect((await forge(dir, 'build', '--target', 'prod')).code).toBe(0);
    await fs.cp(`${dir}/target`, `${dir}/state`, { recursive: true });
    const r = await forge(dir, 'build', '--select', 'big_spenders', '--defer', '--state', 'state');
    expect(r.stderr).toBe("defer: 1 unselected parent(s) read from the state's target: customer_revenue");
    expect(r.code).toBe(0);
  });

  it('plain names with $ and _ still build', async () => {
    const dir = await copyFixture('mini');
    await import('node:fs/promises').then((fs) => fs.writeFile(`${dir}/project.yml`, MINI_YML('_stg$1')));
    const r = await forge(dir, 'build');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

/** A schema that is a plain identifier but that the warehouse refuses (a reserved word): FRG2003 where it was configured. */
describe('schema creation failures are located', () => {
  it('+schema in project.yml', async () => {
    const dir = await copyFixture('mini');
    await import('node:fs/promises').then((fs) => fs.writeFile(`${dir}/project.yml`, MINI_YML('select')));
    const r = await forge(dir, 'build');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^project\.yml:6:5 FRG2003 could not create schema mini\.select \(for stg_\w+\): Parser Error: syntax error at or near "select"/m,
    );
  });

  it("a source's schema in YAML properties", async () => {
    const dir = await copyFixture('mini', {
      'models/sources.yml':
        'sources:\n  - name: land\n    schema: table\n    tables:\n      - name: files\n        external: { location: "landing/*.csv" }\n',
      'landing/a.csv': 'x\n1\n',
    });
    const r = await forge(dir, 'build');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^models\/sources\.yml:3:13 FRG2003 could not create schema mini\.table \(for files\): Parser Error: syntax error at or near "table"/m,
    );
  });
});
