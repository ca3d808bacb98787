/**
 * The Postgres dialect (no target type selects it yet) plans the example project's models: each
 * model's body as the dev target compiles it (the bodies are the project's SQL, DuckDB's here), and
 * around it the statements of a first build — and, for an incremental model, the staging select of
 * the builds after, around its incremental branch — as Postgres would run them
 * (tests/golden/example-postgres.sql).
 */
import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../src/adapters/postgres/postgres-dialect.js';
import type { Dialect } from '../../src/adapters/adapter.js';
import { createCompiler, type Compiler } from '../../src/compile/compile.js';
import { configString } from '../../src/core/config.js';
import type { ForgeNode, ModelNode } from '../../src/core/nodes.js';
import { buildOptions } from '../../src/execute/model-sql.js';
import { stagingSql } from '../../src/materializations/incremental-plan.js';
import { planTable, planView, type Plan } from '../../src/materializations/relation-plan.js';
import { copyExampleProject } from '../helpers/project.js';

const MODELS = [
  'stg_orders',
  'fact_sales',
  'daily_sales',
  'dim_date',
  'customer_features',
  'customer_churn_predictions',
];

const statements = (list: readonly string[]): string => list.map((s) => `${s};`).join('\n');
const showPlan = (p: Plan): string =>
  [p.prepare, p.swap, p.cleanup]
    .filter((part) => part.length > 0)
    .map(statements)
    .join('\n');

/** A first build of the model, and the staging select of an incremental one's later builds. */
function planModel(dialect: Dialect, compiler: Compiler, node: ModelNode): string {
  const compiled = (isIncremental: boolean): string => {
    const sql = compiler.compile(node.id, isIncremental);
    if (sql === undefined)
      throw new Error(`${node.name} did not compile: ${JSON.stringify(compiler.diagnostics)}`);
    return sql.trim();
  };
  const sql = compiled(false);
  const materialized = configString(node.config, 'materialized') ?? 'view';
  if (materialized === 'view')
    return showPlan(planView(dialect, node.relation, sql, undefined, buildOptions(node)));
  const first = `-- first build (${materialized})\n${showPlan(planTable(dialect, node.relation, sql, undefined, buildOptions(node)))}`;
  // a microbatch model's later builds replace windows (planWindow), they stage no select
  if (node.materialization.kind !== 'incremental') return first;
  return `${first}\n-- staging select of the builds after\n${statements([stagingSql(dialect, node.relation, compiled(true), node.materialization.config)])}`;
}

const isModel = (node: ForgeNode): node is ModelNode => node.resourceType === 'model';

describe('the Postgres dialect on the example project', () => {
  it('plans the example models in Postgres SQL', async () => {
    const { compile } = await import('../../src/api/forge.js');
    const dir = await copyExampleProject();
    const result = await compile(
      { projectDir: dir, target: 'dev', now: () => new Date(0), newId: () => 'golden' },
      {},
    );
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const manifest = result.manifest;
    if (!manifest) throw new Error('the example project did not parse');
    const dialect = postgresDialect(manifest.target.database);
    const compiler = createCompiler(manifest);
    const out: string[] = [];
    for (const name of MODELS) {
      const node = [...manifest.nodes.values()].filter(isModel).find((n) => n.name === name);
      if (!node) throw new Error(`no model ${name}`);
      out.push(`-- ${name}\n${planModel(dialect, compiler, node)}\n`);
    }
    await expect(out.join('\n')).toMatchFileSnapshot('../golden/example-postgres.sql');
  });
});
