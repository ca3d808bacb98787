/**
 * `forge report cost`: time and credits per node of a run. Every statement Forge sends to Snowflake
 * carries a query tag `{"forge_run": <invocation id>, "node": <id>}`; this reads the warehouse's query
 * history for that run (information_schema.query_history: the last 7 days, this user's queries) and
 * sums per node. Credits are an estimate — execution time × the warehouse size's credits per hour —
 * since Snowflake bills warehouses by uptime, not per query. On DuckDB there are no credits: the
 * report shows the run's own timings from run_results.json.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { withConnection } from '../adapters/open-warehouse.js';
import { TARGET_DIR } from '../artifacts/write-artifacts.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { loadProject, type ForgeOptions } from './load-project.js';

export interface NodeCost {
  readonly node: string;
  readonly statements: number;
  readonly seconds: number;
  /** Undefined on DuckDB. */
  readonly credits?: number;
}

export interface CostReport {
  readonly runId: string;
  readonly target: string;
  readonly nodes: readonly NodeCost[];
  readonly note: string;
}

const CREDITS_PER_HOUR: Readonly<Record<string, number>> = {
  'X-SMALL': 1, SMALL: 2, MEDIUM: 4, LARGE: 8, 'X-LARGE': 16, '2X-LARGE': 32, '3X-LARGE': 64, '4X-LARGE': 128, '5X-LARGE': 256, '6X-LARGE': 512,
};

export function estimateCredits(executionMs: number, warehouseSize: string): number {
  return (executionMs / 3_600_000) * (CREDITS_PER_HOUR[warehouseSize.toUpperCase().replace(/XSMALL/, 'X-SMALL')] ?? 1);
}

interface RunFile { metadata?: { invocation_id?: string }; results?: { unique_id: string; execution_time?: number }[] }

export async function costReport(options: ForgeOptions, runId?: string): Promise<{ report?: CostReport; diagnostics: Diagnostic[] }> {
  const { loaded, diagnostics } = await loadProject(options);
  if (!loaded) return { diagnostics };
  const file = path.join(loaded.projectDir, TARGET_DIR, 'run_results.json');
  const last = await readFile(file, 'utf8').then((t) => JSON.parse(t) as RunFile).catch(() => undefined);
  const id = runId ?? last?.metadata?.invocation_id;
  if (!id) return { diagnostics: [diagnostic(Codes.usage, 'no run to report on: target/run_results.json is missing', undefined, 'run forge build first, or pass --run <invocation id>')] };
  const { target } = loaded;
  if (target.type === 'duckdb') {
    if (id !== last?.metadata?.invocation_id) return { diagnostics: [diagnostic(Codes.usage, `on DuckDB only the last run's timings are kept (run ${last?.metadata?.invocation_id ?? 'none'})`)] };
    const nodes = (last.results ?? []).map((r) => ({ node: r.unique_id, statements: 1, seconds: r.execution_time ?? 0 }));
    return { report: { runId: id, target: target.name, nodes, note: 'DuckDB: no credits; times from target/run_results.json' }, diagnostics: [] };
  }
  return withConnection(target, async (connection) => {
    const tag = `%"forge_run":"${id.replace(/[^A-Za-z0-9-]/g, '')}"%`;
    const result = await connection.query(`select query_tag, count(*) as statements, sum(total_elapsed_time) as elapsed_ms, sum(execution_time) as execution_ms,
  max(warehouse_size) as warehouse_size
from table(${target.database}.information_schema.query_history(result_limit => 10000))
where query_tag like '${tag}'
group by query_tag`);
    const nodes = result.rows.map((r) => {
      const node = (JSON.parse(String(r['query_tag'])) as { node?: string }).node ?? String(r['query_tag']);
      return { node, statements: Number(r['statements']), seconds: Number(r['elapsed_ms']) / 1000,
        credits: estimateCredits(Number(r['execution_ms']), String(r['warehouse_size'] ?? 'X-Small')) };
    }).sort((a, b) => b.seconds - a.seconds);
    return { report: { runId: id, target: target.name, nodes,
      note: 'credits are estimates: execution time × the warehouse size\'s credits per hour (Snowflake bills warehouse uptime); query history covers 7 days' }, diagnostics: [] };
  });
}
