/** Runs a microbatch model window by window (each window replaced in its own transaction). */
import type { Connection } from '../adapters/adapter.js';
import { configString } from '../core/config.js';
import { parseTimestamp } from '../core/time.js';
import type { ModelNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { advance, lookbackStart, planWindow, truncate, windows, type BatchSize, type Window } from '../materializations/microbatch-plan.js';
import { planTable } from '../materializations/relation-plan.js';
import { buildOptions, compileOrThrow } from './materialize-model.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runInTransaction, runPlan } from './run-plan.js';

export async function materializeMicrobatch(ctx: RunContext, node: ModelNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const eventTime = configString(node.config, 'event_time');
  const size = (configString(node.config, 'batch_size') ?? 'day') as BatchSize;
  const begin = configString(node.config, 'begin');
  if (!eventTime || !begin) {
    throw ForgeError.of(Codes.configInvalid, `microbatch model ${node.name} needs event_time and begin`, { file: node.file },
      'e.g. {{config materialized="incremental" incremental_strategy="microbatch" event_time="ordered_at" batch_size="day" begin="2025-01-01"}}');
  }
  const sql = compileOrThrow(ctx, node, false);
  let existing = await connection.describe(node.relation);
  const fresh = !existing || existing.kind !== 'table' || ctx.fullRefresh;
  if (fresh) {
    const empty = `select * from (\n${sql}\n) as forge_source where false`;
    await runPlan(connection, dialect, planTable(dialect, node.relation, empty, existing, buildOptions(node)));
    existing = await connection.describe(node.relation);
  }
  const range = await chooseRange(ctx, node, connection, { eventTime, size, begin: new Date(begin), fresh });
  const columns = (existing?.columns ?? []).map((c) => c.name);
  let rows = 0;
  const done: [string, string][] = [];
  for (const window of windows(range.start, range.end, size)) {
    // refs to inputs that declare event_time read only this window (bounded memory per batch)
    const windowSql = compileOrThrow(ctx, node, false, window);
    rows += await runInTransaction(connection, dialect, planWindow(dialect, node.relation, windowSql, eventTime, window, columns));
    done.push([window.start.toISOString(), window.end.toISOString()]);
  }
  return { what: `microbatch ${dialect.relation(node.relation)} (${done.length} ${size} batch${done.length === 1 ? '' : 'es'})`, rows, sql, batches: done, unchanged: !fresh && rows === 0 };
}

interface RangeInput { eventTime: string; size: BatchSize; begin: Date; fresh: boolean }

async function chooseRange(ctx: RunContext, node: ModelNode, connection: Connection, input: RangeInput): Promise<Window> {
  const end = ctx.eventTimeEnd ?? advance(truncate(ctx.now, input.size), input.size);
  if (ctx.eventTimeStart) return { start: ctx.eventTimeStart, end };
  if (input.fresh) return { start: input.begin, end };
  const newest = await connection.query(`select max(${input.eventTime}) as newest from ${ctx.warehouse.dialect.relation(node.relation)}`);
  const value = newest.rows[0]?.['newest'];
  if (value === null || value === undefined) return { start: input.begin, end };
  const start = lookbackStart(parseTimestamp(String(value)), input.size, node.config['lookback']);
  if (!start) {
    throw ForgeError.of(Codes.configInvalid, `lookback "${String(node.config['lookback'])}" is neither a number of windows nor an interval`, { file: node.file },
      'e.g. lookback=1, lookback="3 days" or lookback="none"');
  }
  return { start: start < input.begin ? input.begin : start, end };
}
