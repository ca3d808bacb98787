/**
 * Builds one model: describe what exists, compile (with `is_incremental` known), plan, run.
 * Throws on failure (the caller turns it into an error result; the previous relation is intact).
 */
import { parseLookback } from '../core/lookback.js';
import type { Connection } from '../adapters/adapter.js';
import { configString, configStrings } from '../core/config.js';
import type { ModelNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError } from '../errors/diagnostic.js';
import { planIncrementalApply, stagingRelation, stagingSql, type IncrementalConfig, type Strategy } from '../materializations/incremental-plan.js';
import { besideRelation, planTable, planView, type TableFill } from '../materializations/relation-plan.js';
import { contractEnforced, contractProblems } from '../data-tests/contract.js';
import { runPlan, runStatements } from './run-plan.js';
import { buildOptions, compileOrThrow } from './model-sql.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { materializeMicrobatch } from './materialize-microbatch.js';
import { materializeSnapshot } from './materialize-snapshot.js';
import { materializeDynamic } from './materialize-dynamic.js';

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

async function buildTable(ctx: RunContext, node: ModelNode, connection: Connection, kind: string, readsStream = false): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const sql = compileOrThrow(ctx, node, false);
  await checkContract(node, sql, connection);
  // described, not run: nothing reads the stream before the INSERT that consumes it
  const fill: TableFill = readsStream ? { columns: await connection.describeQuery(sql) } : 'ctas';
  const existing = await connection.describe(node.relation);
  const options = buildOptions(node);
  const rows = await runPlan(connection, dialect, planTable(dialect, node.relation, sql, existing, options, fill),
    () => (existing?.kind === 'table' ? warnUndeclaredGrants(ctx, node, connection) : Promise.resolve()));
  return { what: `${kind} ${dialect.relation(node.relation)}`, rows, sql };
}

/**
 * After a swap the replaced table sits beside the live name with the grants it had, and the live
 * table has what was granted again (declared grants, future grants): what the old one had and the new
 * one lacks is gone with it — said once per node, with the config that keeps it.
 */
async function warnUndeclaredGrants(ctx: RunContext, node: ModelNode, connection: Connection): Promise<void> {
  const { dialect } = ctx.warehouse;
  const show = dialect.showGrants;
  if (!show || ctx.loggedOnce.has(`grants:${node.id}`)) return;
  const grantsOn = async (relation: typeof node.relation): Promise<string[]> => (await connection.query(show(relation, 'table'))).rows
    .map((r) => `${String(r['privilege']).toUpperCase()}|${String(r['grantee_name']).toUpperCase()}`).filter((g) => !g.startsWith('OWNERSHIP|'));
  let lost: string[];
  try {
    const kept = new Set(await grantsOn(node.relation));
    lost = (await grantsOn(besideRelation(node.relation))).filter((g) => !kept.has(g));
  } catch (error) {
    // the role may not see grants it does not own (SHOW GRANTS needs MANAGE GRANTS or ownership): nothing to compare, the build goes on
    ctx.events({ type: 'info', message: `${node.name}: could not compare grants after the swap (${error instanceof Error ? error.message : String(error)})` });
    return;
  }
  if (lost.length === 0) return;
  ctx.loggedOnce.add(`grants:${node.id}`);
  ctx.events({ type: 'diagnostic', diagnostic: diagnostic(Codes.grantsUndeclared,
    `${node.name}: the replaced ${dialect.relation(node.relation)} had grants the project does not declare (${lost.map((g) => g.replace('|', ' to ')).join(', ')}); the rebuilt table does not have them`,
    { file: node.file }, `declare them in the model's grants config (e.g. +grants: { select: [${lost[0]?.split('|')[1] ?? 'ROLE'}] }) so every build applies them`, 'warn') });
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

/** Whether a model reads a stream source, itself or through ephemeral models inlined into it (a stream's offset moves only when a DML statement reading it commits). */
function readsStream(ctx: RunContext, node: ModelNode, seen = new Set<string>()): boolean {
  return node.dependsOn.some((id) => {
    const parent = ctx.manifest.nodes.get(id);
    if (!parent || seen.has(id)) return false;
    seen.add(id);
    if (parent.resourceType === 'source') return parent.streamOf !== undefined;
    return parent.resourceType === 'model' && configString(parent.config, 'materialized') === 'ephemeral' && readsStream(ctx, parent, seen);
  });
}

async function buildIncremental(ctx: RunContext, node: ModelNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const relation = dialect.relation(node.relation);
  const existing = await connection.describe(node.relation);
  const fullRefresh = ctx.fullRefresh && node.config['full_refresh'] !== false;
  // only a table can be merged into: a view or dynamic table of that name is replaced by a first build
  if (!existing || existing.kind !== 'table' || fullRefresh) {
    return buildTable(ctx, node, connection, fullRefresh && existing ? 'incremental (full refresh)' : 'incremental (first build)', readsStream(ctx, node));
  }
  const config = incrementalConfig(node);
  const sql = compileOrThrow(ctx, node, true);
  await checkContract(node, sql, connection);
  const staging = stagingRelation(node.relation);
  const stagingQuery = stagingSql(dialect, node.relation, sql, config);
  // a model reading a stream stages inside the transaction that applies the rows: the INSERT consumes the stream
  const stream = readsStream(ctx, node);
  await runStatements(connection, [stream ? dialect.createEmptyTable(staging, await connection.describeQuery(stagingQuery)) : dialect.createTableAs(staging, stagingQuery)]);
  const staged = await connection.describe(staging);
  const planned = planIncrementalApply(dialect, node.relation, existing.columns, staged?.columns ?? [], config,
    { ...(stream ? { insert: `insert into ${dialect.relation(staging)}\n${stagingQuery}` } : {}), table: buildOptions(node) });
  if (!planned.ok) {
    await connection.execute(dialect.drop(staging, 'table')).catch(() => undefined);
    throw ForgeError.of(Codes.schemaChanged, planned.message, { file: node.file }, 'set on_schema_change to append_new_columns or sync_all_columns, or run with --full-refresh');
  }
  const rows = await runPlan(connection, dialect, planned.plan);
  return { what: `incremental ${config.strategy} ${relation}`, rows, sql, unchanged: rows === 0,
    ...(config.strategy !== 'append' && config.uniqueKey.length > 0 ? { merged: true } : {}) };
}
