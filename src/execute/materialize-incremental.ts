/**
 * An incremental model (not microbatch): built whole the first time (or on --full-refresh, or over
 * a view or dynamic table of that name); afterwards its new rows are staged beside it and applied
 * with its strategy in one transaction (materializations/incremental-plan.ts).
 */
import type { Connection } from '../adapters/adapter.js';
import type { IncrementalConfig } from '../core/materialization.js';
import { isModelOf } from '../core/materialization.js';
import type { ModelNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { planIncrementalApply, stagingRelation, stagingSql } from '../materializations/incremental-plan.js';
import { buildTable, checkContract } from './materialize-model.js';
import { buildOptions, compileOrThrow } from './model-sql.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runPlan, runStatements } from './run-plan.js';

/** Whether a model reads a stream source, itself or through ephemeral models inlined into it (a stream's offset moves only when a DML statement reading it commits). */
function readsStream(ctx: RunContext, node: ModelNode, seen = new Set<string>()): boolean {
  return node.dependsOn.some((id) => {
    const parent = ctx.manifest.nodes.get(id);
    if (!parent || seen.has(id)) return false;
    seen.add(id);
    if (parent.resourceType === 'source') return parent.streamOf !== undefined;
    return isModelOf(parent, 'ephemeral') && readsStream(ctx, parent, seen);
  });
}

export async function buildIncremental(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  config: IncrementalConfig,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const relation = dialect.relation(node.relation);
  const existing = await connection.describe(node.relation);
  const fullRefresh = ctx.fullRefresh && node.config['full_refresh'] !== false;
  // only a table can be merged into: a view or dynamic table of that name is replaced by a first build
  if (!existing || existing.kind !== 'table' || fullRefresh) {
    return buildTable(
      ctx,
      node,
      connection,
      fullRefresh && existing ? 'incremental (full refresh)' : 'incremental (first build)',
      readsStream(ctx, node),
    );
  }
  const sql = compileOrThrow(ctx, node, true);
  await checkContract(node, sql, connection);
  const staging = stagingRelation(node.relation);
  const stagingQuery = stagingSql(dialect, node.relation, sql, config);
  // a model reading a stream stages inside the transaction that applies the rows: the INSERT consumes the stream
  const stream = readsStream(ctx, node);
  await runStatements(connection, [
    stream
      ? dialect.createEmptyTable(staging, await connection.describeQuery(stagingQuery))
      : dialect.createTableAs(staging, stagingQuery),
  ]);
  const staged = await connection.describe(staging);
  const planned = planIncrementalApply(
    dialect,
    node.relation,
    existing.columns,
    staged?.columns ?? [],
    config,
    {
      ...(stream ? { insert: `insert into ${dialect.relation(staging)}\n${stagingQuery}` } : {}),
      table: buildOptions(node),
    },
  );
  if (!planned.ok) {
    await connection.execute(dialect.drop(staging, 'table')).catch(() => undefined);
    throw ForgeError.of(
      Codes.schemaChanged,
      planned.message,
      { file: node.file },
      'set on_schema_change to append_new_columns or sync_all_columns, or run with --full-refresh',
    );
  }
  const rows = await runPlan(connection, dialect, planned.plan);
  return {
    what: `incremental ${config.strategy} ${relation}`,
    rows,
    sql,
    unchanged: rows === 0,
    ...(config.strategy !== 'append' && config.uniqueKey.length > 0 ? { merged: true } : {}),
  };
}
