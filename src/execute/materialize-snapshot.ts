/** Runs a snapshot (SCD type 2): create on the first run, then stage the source and apply changes. */
import type { Connection } from '../adapters/adapter.js';
import type { SnapshotConfig } from '../core/materialization.js';
import type { ModelNode } from '../core/nodes.js';
import {
  planSnapshotCreate,
  planSnapshotUpdate,
  snapshotStaging,
} from '../materializations/snapshot-plan.js';
import { buildOptions, compileOrThrow } from './model-sql.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runPlan, runStatements } from './run-plan.js';

export async function materializeSnapshot(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  config: SnapshotConfig,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const sql = compileOrThrow(ctx, node, false);
  const existing = await connection.describe(node.relation);
  const relation = dialect.relation(node.relation);
  if (!existing) {
    const rows = await runPlan(
      connection,
      dialect,
      planSnapshotCreate(dialect, node.relation, sql, config, ctx.now, buildOptions(node)),
    );
    return { what: `snapshot ${relation} (first run)`, rows, sql };
  }
  const staging = snapshotStaging(node.relation);
  await runStatements(connection, [dialect.createTableAs(staging, sql)]);
  const staged = await connection.describe(staging);
  const columns = (staged?.columns ?? []).map((c) => c.name);
  const rows = await runPlan(
    connection,
    dialect,
    planSnapshotUpdate(dialect, node.relation, columns, config, ctx.now),
  );
  return { what: `snapshot ${relation}`, rows, sql, unchanged: rows === 0 };
}
