/**
 * `forge report cost`: time and credits per node of a run. Every statement Forge sends to Snowflake
 * carries a query tag `{"forge_run": <invocation id>, "node": <id>}`; this reads the warehouse's query
 * history for that run (information_schema.query_history: the last 7 days, this user's queries, page
 * by page: query-history.ts) and sums per node. Credits are an estimate — execution time × the warehouse size's credits per hour —
 * since Snowflake bills warehouses by uptime, not per query. On DuckDB there are no credits: the
 * report shows the run's own timings from run_results.json.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { withConnection } from '../adapters/open-warehouse.js';
import { TARGET_DIR } from '../compile/target-paths.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { loadProject, type ForgeOptions } from './load-project.js';
import {
  QUERY_HISTORY_PAGE_ROWS,
  readRunHistory,
  type HistoryRow,
  type HistoryWindow,
} from './query-history.js';

interface NodeCost {
  readonly node: string;
  readonly statements: number;
  readonly seconds: number;
  /** Undefined on DuckDB. */
  readonly credits?: number;
}

interface CostReport {
  readonly runId: string;
  readonly target: string;
  readonly nodes: readonly NodeCost[];
  readonly note: string;
}

const CREDITS_PER_HOUR: Readonly<Record<string, number>> = {
  'X-SMALL': 1,
  SMALL: 2,
  MEDIUM: 4,
  LARGE: 8,
  'X-LARGE': 16,
  '2X-LARGE': 32,
  '3X-LARGE': 64,
  '4X-LARGE': 128,
  '5X-LARGE': 256,
  '6X-LARGE': 512,
};

export function estimateCredits(executionMs: number, warehouseSize: string): number {
  return (
    (executionMs / 3_600_000) *
    (CREDITS_PER_HOUR[warehouseSize.toUpperCase().replace(/XSMALL/, 'X-SMALL')] ?? 1)
  );
}

interface RunFile {
  metadata?: { invocation_id?: string; invocation_started_at?: string; generated_at?: string };
  results?: { unique_id: string; execution_time?: number }[];
}

/** Clocks differ: a margin around the run's own times (its statements ended between its start and end). */
const CLOCK_MARGIN_MS = 5 * 60_000;

/** When the run's statements ended: known for the last run (run_results.json), else up to now. */
function runWindow(runId: string, last: RunFile | undefined, now: Date): HistoryWindow {
  const started = Date.parse(last?.metadata?.invocation_started_at ?? '');
  const ended = Date.parse(last?.metadata?.generated_at ?? '');
  if (last?.metadata?.invocation_id !== runId || Number.isNaN(started) || Number.isNaN(ended))
    return { to: now.getTime() };
  return { from: started - CLOCK_MARGIN_MS, to: Math.min(now.getTime(), ended + CLOCK_MARGIN_MS) };
}

/** Statements per node (the node named in each query tag), longest first. */
function nodeCosts(rows: readonly HistoryRow[]): NodeCost[] {
  const byTag = new Map<string, HistoryRow[]>();
  for (const row of rows) byTag.set(row.queryTag, [...(byTag.get(row.queryTag) ?? []), row]);
  return [...byTag]
    .map(([tag, statements]) => ({
      node: (JSON.parse(tag) as { node?: string }).node ?? tag,
      statements: statements.length,
      seconds: statements.reduce((sum, s) => sum + s.elapsedMs, 0) / 1000,
      credits: statements.reduce((sum, s) => sum + estimateCredits(s.executionMs, s.warehouseSize), 0),
    }))
    .sort((a, b) => b.seconds - a.seconds);
}

/** `pageRows`: query history rows a page (Snowflake's maximum unless a test lowers it). */
export async function costReport(
  options: ForgeOptions,
  runId?: string,
  pageRows = QUERY_HISTORY_PAGE_ROWS,
): Promise<{ report?: CostReport; diagnostics: Diagnostic[] }> {
  const { loaded, diagnostics } = await loadProject(options);
  if (!loaded) return { diagnostics };
  const file = path.join(loaded.projectDir, TARGET_DIR, 'run_results.json');
  const last = await readFile(file, 'utf8')
    .then((t) => JSON.parse(t) as RunFile)
    .catch(() => undefined);
  const id = runId ?? last?.metadata?.invocation_id;
  if (!id)
    return {
      diagnostics: [
        diagnostic(
          Codes.usage,
          'no run to report on: target/run_results.json is missing',
          undefined,
          'run forge build first, or pass --run <invocation id>',
        ),
      ],
    };
  const { target } = loaded;
  if (target.type === 'duckdb') {
    if (id !== last?.metadata?.invocation_id)
      return {
        diagnostics: [
          diagnostic(
            Codes.usage,
            `on DuckDB only the last run's timings are kept (run ${last?.metadata?.invocation_id ?? 'none'})`,
          ),
        ],
      };
    const nodes = (last.results ?? []).map((r) => ({
      node: r.unique_id,
      statements: 1,
      seconds: r.execution_time ?? 0,
    }));
    return {
      report: {
        runId: id,
        target: target.name,
        nodes,
        note: 'DuckDB: no credits; times from target/run_results.json',
      },
      diagnostics: [],
    };
  }
  return withConnection(target, async (connection) => {
    const tag = `%"forge_run":"${id.replace(/[^A-Za-z0-9-]/g, '')}"%`;
    const window = runWindow(id, last, (options.now ?? (() => new Date()))());
    const nodes = nodeCosts(await readRunHistory(connection, target.database, tag, window, pageRows));
    return {
      report: {
        runId: id,
        target: target.name,
        nodes,
        note: "credits are estimates: execution time × the warehouse size's credits per hour (Snowflake bills warehouse uptime); query history covers 7 days",
      },
      diagnostics: [],
    };
  });
}
