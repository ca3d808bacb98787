/**
 * Runs a microbatch model window by window. An incremental run replaces each window in the live
 * table, in its own transaction. A fresh build (the first, a --full-refresh, or a view or dynamic
 * table in the way) fills every window into a table beside the live relation and swaps it in once:
 * a failing window or a kill leaves the previous relation whole.
 */
import type { Connection, RelationState } from '../adapters/adapter.js';
import type { ConfigValue } from '../core/config.js';
import type { BatchSize, MicrobatchConfig } from '../core/materialization.js';
import { parseTimestamp } from '../core/time.js';
import type { ModelNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import {
  advance,
  lookbackStart,
  planWindow,
  truncate,
  windows,
  type Window,
} from '../materializations/microbatch-plan.js';
import { besideRelation, planTable } from '../materializations/relation-plan.js';
import { buildOptions, compileOrThrow } from './model-sql.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runInTransaction, runPlan, runStatements } from './run-plan.js';

interface Batching {
  readonly eventTime: string;
  readonly size: BatchSize;
  readonly begin: Date;
  readonly lookback?: ConfigValue;
}

interface Filled {
  readonly rows: number;
  readonly done: readonly (readonly [string, string])[];
}

export async function materializeMicrobatch(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  config: MicrobatchConfig,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const batching: Batching = {
    eventTime: config.eventTime,
    size: config.batchSize,
    begin: new Date(config.begin),
    ...(config.lookback !== undefined ? { lookback: config.lookback } : {}),
  };
  const sql = compileOrThrow(ctx, node, false);
  const existing = await connection.describe(node.relation);
  const fresh = !existing || existing.kind !== 'table' || ctx.fullRefresh;
  const range = await chooseRange(ctx, node, connection, batching, fresh);
  const { rows, done } = fresh
    ? await refreshBeside(ctx, node, connection, { sql, batching, range, existing })
    : await fillWindows(ctx, node, connection, node.relation, {
        batching,
        range,
        columns: (existing?.columns ?? []).map((c) => c.name),
      });
  return {
    what: `microbatch ${dialect.relation(node.relation)} (${done.length} ${batching.size} batch${done.length === 1 ? '' : 'es'})`,
    rows,
    sql,
    batches: done,
    unchanged: !fresh && rows === 0,
  };
}

interface Refresh {
  readonly sql: string;
  readonly batching: Batching;
  readonly range: Window;
  readonly existing: RelationState | undefined;
}

/**
 * An empty table beside the live relation (planTable's: the node's kind, clustering and grants),
 * every window inserted into it, then one swap. On failure the table beside goes (best effort;
 * what a kill leaves there, the next build drops).
 */
async function refreshBeside(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  input: Refresh,
): Promise<Filled> {
  const { dialect } = ctx.warehouse;
  const empty = `select * from (\n${input.sql}\n) as forge_source where false`;
  const plan = planTable(dialect, node.relation, empty, input.existing, buildOptions(node));
  const beside = besideRelation(node.relation);
  try {
    await runStatements(connection, plan.prepare);
    const columns = ((await connection.describe(beside))?.columns ?? []).map((c) => c.name);
    const filled = await fillWindows(ctx, node, connection, beside, {
      batching: input.batching,
      range: input.range,
      columns,
    });
    await runPlan(connection, dialect, { prepare: [], swap: plan.swap, cleanup: plan.cleanup });
    return filled;
  } catch (error) {
    await connection.execute(dialect.drop(beside, 'table')).catch(() => undefined);
    throw error;
  }
}

interface Fill {
  readonly batching: Batching;
  readonly range: Window;
  readonly columns: readonly string[];
}

/** Each window of the range replaced in `target`, in its own transaction. */
async function fillWindows(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  target: Relation,
  input: Fill,
): Promise<Filled> {
  const { dialect } = ctx.warehouse;
  const { eventTime, size } = input.batching;
  let rows = 0;
  const done: [string, string][] = [];
  for (const window of windows(input.range.start, input.range.end, size)) {
    // refs to inputs that declare event_time read only this window (bounded memory per batch)
    const windowSql = compileOrThrow(ctx, node, false, window);
    rows += await runInTransaction(
      connection,
      dialect,
      planWindow(dialect, target, windowSql, eventTime, window, input.columns),
    );
    done.push([window.start.toISOString(), window.end.toISOString()]);
  }
  return { rows, done };
}

async function chooseRange(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  batching: Batching,
  fresh: boolean,
): Promise<Window> {
  const end = ctx.eventTimeEnd ?? advance(truncate(ctx.now, batching.size), batching.size);
  if (ctx.eventTimeStart) return { start: ctx.eventTimeStart, end };
  if (fresh) return { start: batching.begin, end };
  const newest = await connection.query(
    `select max(${batching.eventTime}) as newest from ${ctx.warehouse.dialect.relation(node.relation)}`,
  );
  const value = newest.rows[0]?.['newest'];
  if (value === null || value === undefined) return { start: batching.begin, end };
  const start = lookbackStart(parseTimestamp(String(value)), batching.size, batching.lookback);
  if (!start) {
    throw ForgeError.of(
      Codes.configInvalid,
      `lookback "${String(batching.lookback)}" is neither a number of windows nor an interval`,
      { file: node.file },
      'e.g. lookback=1, lookback="3 days" or lookback="none"',
    );
  }
  return { start: start < batching.begin ? batching.begin : start, end };
}
