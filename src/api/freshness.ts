/**
 * `forge source freshness`: for each selected source table with a `loaded_at_field` and a
 * `freshness` (`warn_after` / `error_after`: `{count, period: minute|hour|day}`), how long ago the
 * newest row was loaded, as pass / warn / error. Writes target/sources.json (dbt's sources shape).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openWarehouse } from '../adapters/open-warehouse.js';
import { TARGET_DIR } from '../compile/target-paths.js';
import { FORGE_VERSION } from '../core/version.js';
import type { ConfigValue } from '../core/config.js';
import type { SourceNode } from '../core/nodes.js';
import { hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import { parseTimestamp } from '../core/time.js';
import { parse, select, type Selection } from './forge.js';
import type { ForgeOptions } from './load-project.js';

type FreshnessStatus = 'pass' | 'warn' | 'error' | 'runtime error';

interface FreshnessResult {
  readonly source: SourceNode;
  readonly status: FreshnessStatus;
  readonly ageSeconds?: number;
  readonly maxLoadedAt?: string;
  readonly message: string;
}

const PERIOD_SECONDS: Readonly<Record<string, number>> = { minute: 60, hour: 3600, day: 86400 };

function limitSeconds(rule: ConfigValue | undefined): number | undefined {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return undefined;
  const { count, period } = rule as Record<string, ConfigValue>;
  const unit = PERIOD_SECONDS[String(period ?? 'hour').replace(/s$/, '')];
  return typeof count === 'number' && unit ? count * unit : undefined;
}

function freshnessStatus(
  freshness: Readonly<Record<string, ConfigValue>>,
  ageSeconds: number,
): FreshnessStatus {
  const error = limitSeconds(freshness['error_after']);
  const warn = limitSeconds(freshness['warn_after']);
  if (error !== undefined && ageSeconds > error) return 'error';
  if (warn !== undefined && ageSeconds > warn) return 'warn';
  return 'pass';
}

export async function sourceFreshness(
  options: ForgeOptions,
  selection: Selection,
): Promise<{ diagnostics: readonly Diagnostic[]; results: FreshnessResult[] }> {
  const parsed = await parse(options);
  if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics))
    return { diagnostics: parsed.diagnostics, results: [] };
  const { manifest } = parsed;
  const chosen = select(manifest, parsed.dag, { ...selection, indirect: 'none' });
  const sources = chosen.ids
    .map((id) => manifest.nodes.get(id))
    .filter(
      (n): n is SourceNode =>
        n?.resourceType === 'source' && n.loadedAtField !== undefined && n.freshness !== undefined,
    );
  const warehouse = await openWarehouse(manifest.target);
  const results: FreshnessResult[] = [];
  try {
    const connection = await warehouse.connect();
    for (const source of sources) {
      const filter =
        typeof source.freshness?.['filter'] === 'string' ? ` where ${source.freshness['filter']}` : '';
      try {
        const row = (
          await connection.query(
            `select cast(max(${source.loadedAtField}) as varchar) as max_loaded_at, cast(cast(current_timestamp as timestamp) as varchar) as now from ${warehouse.dialect.relation(source.relation)}${filter}`,
          )
        ).rows[0];
        const max = row?.['max_loaded_at'];
        if (max === null || max === undefined) {
          results.push({ source, status: 'error', message: 'no rows loaded' });
          continue;
        }
        const ageSeconds =
          (parseTimestamp(String(row?.['now'])).getTime() - parseTimestamp(String(max)).getTime()) / 1000;
        results.push({
          source,
          status: freshnessStatus(source.freshness ?? {}, ageSeconds),
          ageSeconds,
          maxLoadedAt: String(max),
          message: `newest row loaded ${formatAge(ageSeconds)} ago`,
        });
      } catch (error) {
        results.push({
          source,
          status: 'runtime error',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    connection.release();
  } finally {
    await warehouse.close();
  }
  await writeSourcesJson(manifest.projectDir, results);
  return { diagnostics: [...parsed.diagnostics, ...chosen.diagnostics], results };
}

function formatAge(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

async function writeSourcesJson(projectDir: string, results: readonly FreshnessResult[]): Promise<void> {
  const now = new Date().toISOString();
  const json = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json',
      dbt_version: `forge-${FORGE_VERSION}`,
      generated_at: now,
    },
    results: results.map((r) => ({
      unique_id: r.source.id,
      status: r.status,
      max_loaded_at: r.maxLoadedAt ?? null,
      snapshotted_at: now,
      max_loaded_at_time_ago_in_s: r.ageSeconds ?? null,
      criteria: r.source.freshness ?? {},
      thread_id: 'Thread-1',
      ...(r.status === 'runtime error' ? { error: r.message } : {}),
    })),
    elapsed_time: 0,
  };
  const file = path.join(projectDir, TARGET_DIR, 'sources.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(json, null, 1));
}
