/**
 * Runs one node on one connection: pre-hooks, the materialization, post-hooks. Any failure becomes
 * an error result with a readable message; nothing half-built is left (see run-plan.ts).
 */
import type { Connection } from '../adapters/adapter.js';
import { configStrings } from '../core/config.js';
import type { ForgeNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError, formatDiagnostic } from '../errors/diagnostic.js';
import { WarehouseError, type AdapterResponse } from '../errors/warehouse-error.js';
import type { NodeStatus } from '../report/events.js';
import { materializeModel } from './materializers.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runSeed } from './run-seed.js';
import { runTest } from './run-test.js';
import { loadExternalSource } from './load-source.js';
import { runMl } from './run-ml.js';
import { cloneNode } from './clone-node.js';
import { runUnitTest } from './run-unit-test.js';
import type { Reuse } from './generations.js';

export interface NodeResult {
  readonly id: string;
  readonly status: NodeStatus;
  readonly what: string;
  readonly message: string;
  readonly rows?: number;
  readonly thread: number;
  readonly startedAt: Date;
  readonly completedAt: Date;
  readonly sql?: string;
  readonly batches?: readonly (readonly [string, string])[];
  /** Tests: the number of failing rows. */
  readonly failures?: number;
  /** A warehouse error's code, SQL state and query id (run_results.json's adapter_response). */
  readonly adapterResponse?: AdapterResponse;
}

export async function runNode(ctx: RunContext, node: ForgeNode, thread: number): Promise<NodeResult> {
  const startedAt = new Date();
  const connection = await ctx.warehouse.connect();
  // what a cost report groups by: every statement of this node carries the run and the node
  connection.tag?.(JSON.stringify({ forge_run: ctx.runId, node: node.id }));
  try {
    const warehouse = node.config['snowflake_warehouse'];
    if (typeof warehouse === 'string' && warehouse !== '') await connection.useWarehouse?.(warehouse);
    const reuse = await ctx.generations?.reusable(node, connection);
    if (reuse) return reused(node, reuse, thread, startedAt);
    if (node.resourceType === 'test' || node.resourceType === 'unit_test') {
      const outcome =
        node.resourceType === 'test'
          ? await runTest(ctx, node, connection)
          : await runUnitTest(ctx, node, connection);
      await ctx.generations?.recordTest(connection, node, outcome.status);
      return {
        id: node.id,
        status: outcome.status,
        what: `${node.resourceType === 'unit_test' ? 'unit test' : 'test'} ${node.name}`,
        message: outcome.message,
        failures: outcome.failures,
        thread,
        startedAt,
        completedAt: new Date(),
        sql: outcome.sql,
      };
    }
    await ctx.generations?.begin(connection, node);
    await runHooks(ctx, node, connection, 'pre_hook');
    const outcome = await materialize(ctx, node, connection);
    await runHooks(ctx, node, connection, 'post_hook');
    await ctx.generations?.finish(connection, node, outcome);
    return {
      id: node.id,
      status: 'success',
      what: outcome.what,
      message: outcome.rows === undefined ? 'OK' : `OK ${outcome.rows}`,
      ...(outcome.rows !== undefined ? { rows: outcome.rows } : {}),
      thread,
      startedAt,
      completedAt: new Date(),
      ...(outcome.sql !== undefined ? { sql: outcome.sql } : {}),
      ...(outcome.batches ? { batches: outcome.batches } : {}),
    };
  } catch (error) {
    return {
      id: node.id,
      status: 'error',
      what: node.name,
      message: errorMessage(error, node),
      thread,
      startedAt,
      completedAt: new Date(),
      ...(error instanceof WarehouseError ? { adapterResponse: error.response } : {}),
    };
  } finally {
    connection.release();
  }
}

/** A node configured `reuse_unchanged` whose inputs are as at its last successful run: not run (a test reports its last pass). */
function reused(node: ForgeNode, reuse: Reuse, thread: number, startedAt: Date): NodeResult {
  const test = node.resourceType === 'test';
  const why =
    reuse === 'unchanged'
      ? `reused: inputs unchanged since its last ${test ? 'pass' : 'build'}`
      : 'unique by construction: its model was only merged on this key since it passed';
  return {
    id: node.id,
    status: test ? 'pass' : 'reused',
    what: `${test ? 'test ' : ''}${node.name} (${why})`,
    message: test ? `PASS (${reuse === 'unchanged' ? 'reused' : reuse})` : 'REUSED',
    ...(test ? { failures: 0 } : {}),
    thread,
    startedAt,
    completedAt: new Date(),
  };
}

async function materialize(ctx: RunContext, node: ForgeNode, connection: Connection): Promise<NodeOutcome> {
  if (ctx.cloneFrom && (node.resourceType === 'model' || node.resourceType === 'seed'))
    return cloneNode(ctx, node, connection);
  switch (node.resourceType) {
    case 'seed':
      return runSeed(ctx, node, connection);
    case 'model':
      return materializeModel(ctx, node, connection);
    case 'source':
      return loadExternalSource(ctx, node, connection);
    case 'test':
    case 'unit_test':
      return { what: 'test (run by forge test)' };
    case 'ml':
      return runMl(ctx, node, connection);
  }
}

async function runHooks(
  ctx: RunContext,
  node: ForgeNode,
  connection: Connection,
  key: 'pre_hook' | 'post_hook',
): Promise<void> {
  for (const hook of configStrings(node.config, key)) {
    const sql = ctx.compiler.renderText(node.id, hook);
    try {
      await connection.execute(sql);
    } catch (error) {
      throw ForgeError.of(
        Codes.hookFailed,
        `${key.replace('_', '-')} failed: ${error instanceof Error ? error.message : String(error)}\n  hook: ${sql}`,
        { file: node.file },
      );
    }
  }
}

function errorMessage(error: unknown, node: ForgeNode): string {
  if (error instanceof ForgeError) return error.diagnostics.map(formatDiagnostic).join('\n');
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof WarehouseError && error.hint ? { hint: error.hint } : {};
  return formatDiagnostic({
    code: Codes.statementFailed,
    severity: 'error',
    message: `${node.name} failed in the warehouse: ${message}`,
    location: { file: node.file },
    ...hint,
  });
}
