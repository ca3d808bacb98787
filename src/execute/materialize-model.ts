/**
 * Builds one model: describe what exists, compile (with `is_incremental` known), plan, run.
 * Throws on failure (the caller turns it into an error result; the previous relation is intact).
 */
import { parseLookback } from '../core/lookback.js';
import type { Connection } from '../adapters/adapter.js';
import { configString, configStrings } from '../core/config.js';
import type { ModelNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { planIncrementalApply, stagingRelation, stagingSql, type IncrementalConfig, type Strategy } from '../materializations/incremental-plan.js';
import { planTable, planView, type BuildOptions } from '../materializations/relation-plan.js';
import { contractEnforced, contractProblems } from '../data-tests/contract.js';
import { runPlan, runStatements } from './run-plan.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { materializeMicrobatch } from './materialize-microbatch.js';
import { materializeSnapshot } from './materialize-snapshot.js';
import { materializeDynamic } from './materialize-dynamic.js';

export function compileOrThrow(ctx: RunContext, node: ModelNode, isIncremental: boolean, window?: { readonly start: Date; readonly end: Date }): string {
  const before = ctx.compiler.diagnostics.length;
  const sql = ctx.compiler.compile(node.id, isIncremental, window);
  if (sql === undefined) throw new ForgeError(ctx.compiler.diagnostics.slice(before));
  return sql;
}

/** Checks an enforced contract before anything is built: a broken one fails the node, the old relation stays. */
async function checkContract(node: ModelNode, sql: string, connection: Connection): Promise<void> {
  if (!contractEnforced(node)) return;
  const problems = contractProblems(node.columns, await connection.describeQuery(sql));
  if (problems.length > 0) {
    throw ForgeError.of(Codes.contractBroken, `the contract of ${node.name} is broken:\n${problems.join('\n')}`, node.patchLocation ?? { file: node.file },
      'change the model or its declared columns (YAML), then build again; the previous relation was left as it was');
  }
}

export async function materializeModel(ctx: RunContext, node: ModelNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const relation = dialect.relation(node.relation);
  const materialized = configString(node.config, 'materialized') ?? 'view';
  switch (materialized) {
    case 'ephemeral':
      return { what: 'ephemeral (inlined where referenced)' };
    case 'view': {
      const sql = compileOrThrow(ctx, node, false);
      await checkContract(node, sql, connection);
      await runPlan(connection, dialect, planView(dialect, node.relation, sql, await connection.describe(node.relation), buildOptions(node)));
      return { what: `view ${relation}`, sql };
    }
    case 'dynamic_table':
      if (dialect.dynamicTable) return materializeDynamic(ctx, node, connection, dialect.dynamicTable);
      if (!ctx.loggedOnce.has('dynamic_table')) {
        ctx.loggedOnce.add('dynamic_table');
        ctx.events({ type: 'info', message: `note: dynamic_table builds as a table on ${dialect.type} (refreshed by each build)` });
      }
      return buildTable(ctx, node, connection, materialized === 'dynamic_table' ? 'dynamic table (as table)' : 'table');
    case 'table':
      return buildTable(ctx, node, connection, 'table');
    case 'incremental':
      return configString(node.config, 'incremental_strategy') === 'microbatch'
        ? materializeMicrobatch(ctx, node, connection)
        : buildIncremental(ctx, node, connection);
    case 'snapshot':
      return materializeSnapshot(ctx, node, connection);
    default:
      throw ForgeError.of(Codes.capability, `materialization "${materialized}" is not supported on ${dialect.type}`, { file: node.file });
  }
}

async function buildTable(ctx: RunContext, node: ModelNode, connection: Connection, kind: string): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const sql = compileOrThrow(ctx, node, false);
  await checkContract(node, sql, connection);
  const rows = await runPlan(connection, dialect, planTable(dialect, node.relation, sql, await connection.describe(node.relation), buildOptions(node)));
  return { what: `${kind} ${dialect.relation(node.relation)}`, rows, sql };
}

/** `cluster_by`, `transient` and `grants` from a node's config. */
export function buildOptions(node: ModelNode): BuildOptions {
  const clusterBy = configStrings(node.config, 'cluster_by');
  const transient = node.config['transient'];
  const grants = node.config['grants'];
  return {
    ...(clusterBy.length > 0 ? { clusterBy } : {}),
    ...(typeof transient === 'boolean' ? { transient } : {}),
    ...(typeof grants === 'object' && grants !== null && !Array.isArray(grants)
      ? { grants: Object.fromEntries(Object.entries(grants).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)])) } : {}),
  };
}

export function incrementalConfig(node: ModelNode): IncrementalConfig {
  const uniqueKey = configStrings(node.config, 'unique_key');
  const written = configString(node.config, 'incremental_strategy') as Strategy | undefined;
  const lookback = parseLookback(node.config['lookback']);
  const watermark = configString(node.config, 'watermark');
  return {
    strategy: written ?? (uniqueKey.length > 0 ? 'merge' : 'append'),
    uniqueKey,
    ...(watermark ? { watermark } : {}),
    ...(lookback?.kind === 'number' ? { lookback: `${lookback.value} days` } : lookback?.kind === 'interval' ? { lookback: lookback.text } : {}),
    onSchemaChange: (configString(node.config, 'on_schema_change') ?? 'ignore') as IncrementalConfig['onSchemaChange'],
  };
}

async function buildIncremental(ctx: RunContext, node: ModelNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const relation = dialect.relation(node.relation);
  const existing = await connection.describe(node.relation);
  const fullRefresh = ctx.fullRefresh && node.config['full_refresh'] !== false;
  if (!existing || existing.kind === 'view' || fullRefresh) {
    return buildTable(ctx, node, connection, fullRefresh && existing ? 'incremental (full refresh)' : 'incremental (first build)');
  }
  const config = incrementalConfig(node);
  const sql = compileOrThrow(ctx, node, true);
  await checkContract(node, sql, connection);
  const staging = stagingRelation(node.relation);
  await runStatements(connection, [dialect.createTableAs(staging, stagingSql(dialect, node.relation, sql, config))]);
  const staged = await connection.describe(staging);
  const planned = planIncrementalApply(dialect, node.relation, existing.columns, staged?.columns ?? [], config);
  if (!planned.ok) {
    await connection.execute(dialect.drop(staging, 'table')).catch(() => undefined);
    throw ForgeError.of(Codes.schemaChanged, planned.message, { file: node.file }, 'set on_schema_change to append_new_columns or sync_all_columns, or run with --full-refresh');
  }
  const rows = await runPlan(connection, dialect, planned.plan);
  return { what: `incremental ${config.strategy} ${relation}`, rows, sql, unchanged: rows === 0,
    ...(config.strategy !== 'append' && config.uniqueKey.length > 0 ? { merged: true } : {}) };
}
