import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { copyExampleProject, copyFixture, forge, REPO_ROOT } from '../helpers/project.js';

const run = promisify(execFile);

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

describe('forge compile', () => {
  it("writes compiled SQL and a manifest valid against dbt's unmodified v12 schema", async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(0);
    const manifest = await readJson(path.join(dir, 'target/manifest.json'));
    const schema = await readJson(path.join(REPO_ROOT, 'tests/schemas/manifest-v12.json'));
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(valid).toBe(true);
    const nodes = manifest['nodes'] as Record<
      string,
      { compiled_code?: string; depends_on?: { nodes: string[] } }
    >;
    expect(nodes['model.mini.customer_revenue']?.depends_on?.nodes).toEqual([
      'model.mini.stg_customers',
      'model.mini.stg_orders',
    ]);
    expect(nodes['model.mini.stg_orders']?.compiled_code).toContain('from raw.raw_orders');
    expect((manifest['child_map'] as Record<string, string[]>)['model.mini.stg_orders']).toContain(
      'model.mini.customer_revenue',
    );
    const sql = await readFile(path.join(dir, 'target/compiled/mini/models/staging/stg_orders.sql'), 'utf8');
    expect(sql).toContain('round(amount_cents / 100.0, 2) as amount');
  });

  it('runs as a real process through the package bin', async () => {
    const dir = await copyFixture('mini');
    const { stdout } = await run(process.execPath, [
      path.join(REPO_ROOT, 'packages/forge-sql/bin/forge.js'),
      'ls',
      '--project-dir',
      dir,
      '-s',
      '+big_spenders',
      '--resource-type',
      'model',
    ]);
    expect(stdout.trim().split('\n')).toEqual([
      'stg_customers',
      'stg_orders',
      'customer_revenue',
      'big_spenders',
    ]);
    await run(process.execPath, [
      path.join(REPO_ROOT, 'packages/forge-sql/bin/forge.js'),
      'compile',
      '--project-dir',
      dir,
      '-q',
    ]);
    const sql = await readFile(path.join(dir, 'target/compiled/mini/models/marts/big_spenders.sql'), 'utf8');
    expect(sql).toBe('select * from marts.customer_revenue where revenue > 20\n');
  });

  it('ls --output json lists config and dependencies', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'ls', '-s', 'stg_orders', '--output', 'json', '--indirect-selection', 'none');
    const row = JSON.parse(r.stdout) as {
      config: { materialized: string; tags: string[] };
      depends_on: { nodes: string[] };
    };
    expect(row.config.materialized).toBe('table');
    expect(row.config.tags).toEqual(['staging', 'from_yaml']);
    expect(row.depends_on.nodes).toEqual(['seed.mini.raw_orders']);
  });
});

describe('golden SQL per adapter (the example project)', () => {
  for (const target of ['dev', 'prod']) {
    it(`compiles the example project for ${target}`, async () => {
      const env = {
        SNOWFLAKE_ACCOUNT: 'acme',
        SNOWFLAKE_USER: 'ci',
        SNOWFLAKE_PRIVATE_KEY_PATH: 'keys/not-read-to-compile.p8',
      };
      const out: string[] = [];
      const { compile } = await import('../../src/api/forge.js');
      const dir = await copyExampleProject();
      const result = await compile(
        { projectDir: dir, target, env, now: () => new Date(0), newId: () => 'golden' },
        {},
      );
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const name of [
        'stg_orders',
        'fact_sales',
        'daily_sales',
        'dim_date',
        'customer_features',
        'customer_churn_predictions',
      ]) {
        const node = [...(result.manifest?.nodes.values() ?? [])].find((n) => n.name === name);
        const sql = node
          ? await readFile(path.join(dir, 'target/compiled/forge_shop', node.file), 'utf8')
          : '';
        out.push(`-- ${name}\n${sql.trim()}\n`);
      }
      await expect(out.join('\n')).toMatchFileSnapshot(
        `../golden/example-${target === 'dev' ? 'duckdb' : 'snowflake'}.sql`,
      );
    });
  }
});

describe('ls shows how a materialization is built on the target', () => {
  it('a dynamic table on DuckDB is built as a table', async () => {
    const dir = await copyFixture('features');
    const r = await forge(dir, 'ls', '-s', 'live_totals', '--output', 'json', '--resource-type', 'model');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ materialization: 'dynamic_table', built_as: 'table' });
  });
});
