/**
 * What the loopback server keeps beside DuckDB's own catalog: external stages and each table's load
 * metadata (COPY INTO loads a file once: a file is known by its path and content, as Snowflake knows it
 * by name and MD5/ETag; FORCE loads it anyway), and the statements it ran as QUERY_HISTORY.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { RESULT_LIMIT } from './query-history.js';
import type { RecordedStatement } from './server.js';
import { copySql, SnowflakeSqlError } from './translate.js';

export interface StageState {
  readonly stages: ReadonlyMap<string, string>;
  readonly loads: Map<string, Set<string>>;
  /** Cloud URL prefixes (`s3://bucket`) mapped to local directories. */
  readonly buckets: Readonly<Record<string, string>>;
}

interface Copy {
  readonly target: string;
  readonly columns: string;
  readonly select: string;
}

/** Copies the files the table's load metadata does not know (all of them with `force`), then records them. */
async function copyUnloaded(
  state: StageState,
  copy: Copy,
  files: readonly string[],
  root: string,
  force: boolean,
  run: (sql: string) => Promise<void>,
): Promise<number> {
  const loaded = state.loads.get(copy.target.toLowerCase()) ?? new Set<string>();
  const keyed = await Promise.all(
    files.map(async (f) => ({
      file: f,
      key: `${path.relative(root, f)}\0${createHash('md5')
        .update(await readFile(f))
        .digest('hex')}`,
    })),
  );
  const fresh = keyed.filter((k) => force || !loaded.has(k.key));
  if (fresh.length === 0) return 0;
  await run(
    copySql(
      copy.target,
      copy.columns,
      copy.select,
      fresh.map((k) => k.file),
      root,
    ),
  );
  for (const k of fresh) loaded.add(k.key);
  state.loads.set(copy.target.toLowerCase(), loaded);
  return fresh.length;
}

/** COPY INTO from an external stage: files under its URL's directory matching the pattern, each (path and content) loaded once per table. */
export async function copyFromStage(
  state: StageState,
  copy: Copy & { stage: string; pattern: string },
  run: (sql: string) => Promise<void>,
): Promise<number> {
  const url = state.stages.get(copy.stage);
  if (!url)
    throw new SnowflakeSqlError(
      '002003',
      '02000',
      `SQL compilation error:\nStage '${copy.stage}' does not exist or not authorized.`,
    );
  const bucket = Object.keys(state.buckets).find((b) => url.startsWith(b));
  if (!bucket) throw new SnowflakeSqlError('091003', '22000', `loopback: no local directory for ${url}`);
  const dir = path.resolve(state.buckets[bucket] ?? '', `.${url.slice(bucket.length)}`);
  const pattern = new RegExp(`^${copy.pattern}$`, 'i');
  const files = (await readdir(dir, { recursive: true }))
    .map(String)
    .filter((f) => pattern.test(f))
    .sort();
  return copyUnloaded(
    state,
    copy,
    files.map((f) => path.join(dir, f)),
    dir,
    false,
    run,
  );
}

/** COPY INTO … FILES = (…) from the user stage (`root`): the same metadata, unless FORCE. */
export function copyFiles(
  state: StageState,
  copy: Copy & { files: readonly string[]; force: boolean },
  root: string,
  run: (sql: string) => Promise<void>,
): Promise<number> {
  return copyUnloaded(state, copy, copy.files, root, copy.force, run);
}

/**
 * QUERY_HISTORY as Snowflake's information_schema table function shows it, from the recorded
 * statements: the table, and the macro a call becomes (query-history.ts) — end times in the range,
 * the most recent first, at most RESULT_LIMIT and never more than `cap` (Snowflake's 10,000; tests
 * lower it to page without 10,000 statements).
 */
export async function publishHistory(
  duck: DuckDBConnection,
  statements: readonly RecordedStatement[],
  cap: number = RESULT_LIMIT.max,
): Promise<void> {
  const text = (v: string): string => `'${v.replace(/'/g, "''")}'`;
  const rows = statements.map(
    (s) =>
      `(${text(s.queryId)}, ${text(s.sql.slice(0, 2000))}, ${text(s.queryTag)}, ${text(s.warehouse)}, 'X-Small', ` +
      `${text(s.ok ? 'SUCCESS' : 'FAILED_WITH_ERROR')}, epoch_ms(${s.startedAt}), epoch_ms(${s.startedAt + s.ms}), ${s.ms}, ${s.ms})`,
  );
  await duck.run(`create or replace table memory.main.loopback_query_history (query_id varchar, query_text varchar, query_tag varchar, warehouse_name varchar,
    warehouse_size varchar, execution_status varchar, start_time timestamp, end_time timestamp, total_elapsed_time bigint, execution_time bigint)`);
  if (rows.length > 0)
    await duck.run(`insert into memory.main.loopback_query_history values ${rows.join(',\n')}`);
  await duck.run(`create or replace macro memory.main.loopback_query_history_page(range_start, range_end, result_limit) as table
    select * from memory.main.loopback_query_history where end_time between range_start and range_end order by end_time desc limit least(result_limit, ${Math.floor(cap)})`);
}
