import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/forge.js';
import { makeProject } from '../helpers/project.js';

describe('config precedence: project.yml folder < YAML properties < config call', () => {
  it('applies each level and lets tags accumulate', async () => {
    const dir = await makeProject({
      'project.yml':
        'name: p\nmodels:\n  +materialized: view\n  +tags: [all]\n  gold:\n    +materialized: table\n    +schema: gold\n    +tags: [gold]\n',
      'models/gold/a.sql': 'select 1 as id',
      'models/gold/b.sql': 'select 1 as id',
      'models/gold/c.sql':
        '{{config materialized="incremental" schema="special" tags="own"}}\nselect 1 as id',
      'models/other/d.sql': 'select 1 as id',
      'models/props.yml':
        'models:\n  - name: b\n    config: { materialized: ephemeral, tags: [yaml] }\n  - name: c\n    config: { materialized: view, tags: [yaml] }\n',
    });
    const { manifest, diagnostics } = await parse({ projectDir: dir, env: {} });
    expect(diagnostics).toEqual([]);
    const config = (name: string) => [...(manifest?.nodes.values() ?? [])].find((n) => n.name === name);
    expect(config('d')).toMatchObject({
      config: { materialized: 'view', tags: ['all'] },
      relation: { schema: 'main', identifier: 'd' },
    });
    expect(config('a')).toMatchObject({
      config: { materialized: 'table', tags: ['all', 'gold'] },
      relation: { schema: 'gold' },
    });
    expect(config('b')).toMatchObject({
      config: { materialized: 'ephemeral', tags: ['all', 'gold', 'yaml'] },
    });
    expect(config('c')).toMatchObject({
      config: { materialized: 'incremental', tags: ['all', 'gold', 'yaml', 'own'] },
      relation: { schema: 'special' },
    });
  });

  it('prefixes custom schemas on a prefixed target, and a macro can override the rule', async () => {
    const files = {
      'project.yml':
        'name: p\nmodels:\n  +schema: gold\ntargets:\n  dev: { type: duckdb, schema: alice, schema_naming: prefixed }\n',
      'models/a.sql': 'select 1 as id',
    };
    const prefixed = await parse({ projectDir: await makeProject(files), env: {} });
    expect([...(prefixed.manifest?.nodes.values() ?? [])][0]).toMatchObject({
      relation: { schema: 'alice_gold' },
    });
    const overridden = await parse({
      projectDir: await makeProject({
        ...files,
        'macros/schema.sql':
          '{{#macro "generate_schema_name" custom_schema node_name}}{{custom_schema}}_{{target.name}}{{/macro}}',
      }),
      env: {},
    });
    expect([...(overridden.manifest?.nodes.values() ?? [])][0]).toMatchObject({
      relation: { schema: 'gold_dev' },
    });
  });
});
