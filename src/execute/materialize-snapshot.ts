/** Runs a snapshot (SCD type 2): create on the first run, then stage the source and apply changes. */
import type { Connection } from '../adapters/adapter.js';
import { configString, configStrings } from '../core/config.js';
import type { ModelNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { planSnapshotCreate, planSnapshotUpdate, snapshotStaging, type SnapshotConfig } from '../materializations/snapshot-plan.js';
import { buildOptions, compileOrThrow } from './model-sql.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runPlan, runStatements } from './run-plan.js';

function snapshotConfig(node: ModelNode): SnapshotConfig {
  const uniqueKey = configStrings(node.config, 'unique_key');
  const strategy = configString(node.config, 'strategy') === 'check' ? 'check' : 'timestamp';
  const updatedAt = configString(node.config, 'updated_at');
  const checkCols = configStrings(node.config, 'check_cols');
  if (uniqueKey.length === 0) throw ForgeError.of(Codes.configInvalid, `snapshot ${node.name} needs a unique_key`, { file: node.file });
  if (strategy === 'timestamp' && !updatedAt) {
    throw ForgeError.of(Codes.configInvalid, `snapshot ${node.name} uses the timestamp strategy and needs updated_at`, { file: node.file },
      'set updated_at="column", or strategy="check" with check_cols');
  }
  return {
    uniqueKey, strategy, ...(updatedAt ? { updatedAt } : {}),
    checkCols: checkCols.length === 0 || checkCols[0] === 'all' ? 'all' : checkCols,
    hardDeletes: configString(node.config, 'hard_deletes') === 'invalidate' ? 'invalidate' : 'ignore',
  };
}

export async function materializeSnapshot(ctx: RunContext, node: ModelNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const config = snapshotConfig(node);
  const sql = compileOrThrow(ctx, node, false);
  const existing = await connection.describe(node.relation);
  const relation = dialect.relation(node.relation);
  if (!existing) {
    const rows = await runPlan(connection, dialect, planSnapshotCreate(dialect, node.relation, sql, config, ctx.now, buildOptions(node)));
    return { what: `snapshot ${relation} (first run)`, rows, sql };
  }
  const staging = snapshotStaging(node.relation);
  await runStatements(connection, [dialect.createTableAs(staging, sql)]);
  const staged = await connection.describe(staging);
  const columns = (staged?.columns ?? []).map((c) => c.name);
  const rows = await runPlan(connection, dialect, planSnapshotUpdate(dialect, node.relation, columns, config, ctx.now));
  return { what: `snapshot ${relation}`, rows, sql, unchanged: rows === 0 };
}
