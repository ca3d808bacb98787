/**
 * What each task runs. A table model: one `CREATE OR REPLACE … AS` (atomic on Snowflake). An
 * incremental model: a Snowflake Scripting block that builds the table on the first run and applies
 * the new rows (merge / delete+insert / append, the model's own strategy and key) on later runs — the
 * `is_incremental` branch is chosen when the task runs, never frozen at deploy time. Views, dynamic
 * tables, snapshots, microbatch models, seeds, loaded sources and ML nodes are not tasks: see `reasonNotTask`.
 */
import type { Column, Dialect } from '../adapters/adapter.js';
import { assertNever } from '../core/assert-never.js';
import type { ForgeNode, ModelNode } from '../core/nodes.js';
import type { IncrementalConfig } from '../core/materialization.js';
import { applySql, stagingSql } from '../materializations/incremental-plan.js';
import { besideRelation, type BuildOptions } from '../materializations/relation-plan.js';
import { sqlString } from '../core/sql-string.js';

/** Why a node is not deployed as a task (undefined: it is). */
export function reasonNotTask(node: ForgeNode): string | undefined {
  if (node.resourceType === 'ml') return 'training needs Forge itself: run it with forge schedule';
  if (node.resourceType === 'source')
    return node.external ? 'loading files needs this machine (PUT): run it with forge schedule' : undefined;
  if (node.resourceType !== 'model')
    return node.resourceType === 'seed'
      ? 'seeds change with the code: forge build'
      : 'tests run with forge build or forge schedule';
  const { kind } = node.materialization;
  switch (kind) {
    case 'view':
    case 'ephemeral':
      return `a ${kind} holds no data to refresh`;
    case 'dynamic_table':
      return 'a dynamic table refreshes itself (target_lag)';
    case 'snapshot':
      return 'snapshots run with forge build or forge schedule';
    case 'microbatch':
      return 'microbatch windows run with forge build or forge schedule';
    case 'table':
    case 'incremental':
      return undefined;
    default:
      return assertNever(kind);
  }
}

interface BodyInput {
  readonly dialect: Dialect;
  readonly node: ModelNode;
  readonly fullSql: string;
  readonly incrementalSql: string;
  /** The model's columns with their types (described at deploy): the staging table is created with them. */
  readonly columns: readonly Column[];
  readonly options: BuildOptions;
  readonly incremental?: IncrementalConfig;
}

/** A Snowflake Scripting block: `declarations`, then `lines` (already indented by their caller where nested). */
function script(declarations: readonly string[], lines: readonly string[]): string {
  return [
    'execute immediate $$',
    ...(declarations.length > 0 ? ['declare', ...declarations.map((d) => `  ${d};`)] : []),
    'begin',
    ...lines,
    'end;',
    '$$',
  ].join('\n');
}

const indent = (statements: readonly string[], depth: number): string[] =>
  statements.map((s) => `${'  '.repeat(depth)}${s.replace(/\n/g, `\n${'  '.repeat(depth)}`)};`);

/**
 * A task's body. The table is rebuilt in place with COPY GRANTS and the declared grants applied again.
 * An incremental task stages its new rows once, into a temporary table of its own session (no clash
 * with a concurrent build's staging table), by an INSERT inside the transaction that applies them: the
 * watermark is read once, before anything changes, and a stream read by the query is consumed by that
 * INSERT, at the commit that also applies its rows.
 */
export function taskBody(input: BodyInput): string {
  const { dialect, node } = input;
  const create = dialect.createTableAs(node.relation, input.fullSql, false, {
    ...input.options,
    copyGrants: true,
  });
  const grants = dialect.grants(node.relation, 'table', input.options.grants ?? {});
  if (!input.incremental) return grants.length === 0 ? create : script([], indent([create, ...grants], 1));
  const staging = besideRelation(node.relation, '__forge_task');
  const staged = stagingSql(dialect, node.relation, input.incrementalSql, input.incremental);
  const apply = applySql(
    dialect,
    node.relation,
    dialect.relation(staging),
    input.columns.map((c) => c.name),
    input.incremental,
  );
  const { database, schema, identifier } = node.relation;
  return script(
    ['existing integer default 0'],
    [
      `  select count(*) into :existing from ${database}.information_schema.tables where table_schema = upper(${sqlString(schema)}) and table_name = upper(${sqlString(identifier)});`,
      '  if (existing = 0) then',
      ...indent([create, ...grants], 2),
      '  else',
      ...indent(
        [
          // created from the described columns: nothing reads a stream before the INSERT that consumes it
          dialect.createEmptyTable(staging, input.columns, true),
          dialect.begin(),
          // by name: the incremental branch's columns may come in another order than the described full query's
          `insert into ${dialect.relation(staging)} (${input.columns.map((c) => c.name).join(', ')})\nselect ${input.columns.map((c) => c.name).join(', ')} from (\n${staged}\n) as forge_new_rows`,
          ...apply,
          dialect.commit(),
          dialect.drop(staging, 'table'),
        ],
        2,
      ),
      '  end if;',
    ],
  );
}
