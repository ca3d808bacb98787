/**
 * Loads a source's landed files into its raw table, incrementally: a load-history table
 * (`<schema>._forge_loads`) records each file, and each file is loaded with its history row in one
 * transaction — loading twice adds nothing, and a file that fails leaves nothing half-loaded.
 * Rows get `_source_file` and `_loaded_at`. A bad file fails with its name and row: DuckDB's reader
 * rejects it, then Forge's own shape check (error path only: it costs 10× the load) locates it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Connection, Dialect } from '../adapters/adapter.js';
import { isCloudLocation, type SourceNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { checkCsv } from '../materializations/seed-plan.js';
import { globMatch } from '../select/methods.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { inTransaction } from './run-plan.js';
import { loadFromExternalStage, loadThroughStage } from './stage-load.js';
import { createHistorySql, historyInsertWhere, historyRelation } from './load-history.js';

const CHECK_SHAPE_BELOW = 32 << 20;

/** Files matching `dir/pattern` (the pattern only in the last segment), sorted, relative to the project. */
export function landedFiles(projectDir: string, location: string): string[] {
  const dir = path.dirname(location);
  const pattern = path.basename(location);
  let names: string[];
  try {
    names = readdirSync(path.resolve(projectDir, dir));
  } catch {
    return [];
  }
  return names.filter((n) => globMatch(pattern, n)).sort().map((n) => path.join(dir, n));
}

export async function loadExternalSource(ctx: RunContext, source: SourceNode, connection: Connection): Promise<NodeOutcome> {
  const external = source.external;
  const { dialect } = ctx.warehouse;
  if (source.streamOf) return createStream(ctx, source, connection);
  if (!external) return { what: 'source (nothing to load)' };
  await inTransaction(connection, dialect, () => connection.execute(createHistorySql(dialect, source)));
  if (isCloudLocation(external.location)) {
    if (dialect.capabilities.localFiles || !dialect.stage) {
      throw ForgeError.of(Codes.capability, `${source.sourceName}.${source.tableName} loads from ${external.location}, which ${dialect.type} reads only through a Snowflake external stage`,
        source.location, 'land the files on this machine for DuckDB builds, or build on Snowflake');
    }
    return loadFromExternalStage(ctx, source, connection, dialect.stage);
  }
  const history = historyRelation(source);
  const done = new Set((await connection.query(`select file from ${dialect.relation(history)} where source = '${source.id}'`)).rows.map((r) => String(r['file'])));
  const files = landedFiles(ctx.manifest.projectDir, external.location).filter((f) => !done.has(f));
  const exists = (await connection.describe(source.relation)) !== undefined;
  const rows = files.length === 0 ? 0 : await loadFiles(ctx, source, connection, files, exists);
  return { what: `load ${dialect.relation(source.relation)} (${files.length} new file${files.length === 1 ? '' : 's'})`, rows, unchanged: files.length === 0 && exists };
}

function historyInsert(dialect: Dialect, source: SourceNode, files: readonly string[], now: Date): string {
  return historyInsertWhere(dialect, source, `_source_file in (${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')})`, now);
}

/** A stream source: created over its table (the table's load runs first: it is the stream's parent). */
async function createStream(ctx: RunContext, source: SourceNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const table = ctx.manifest.nodes.get(source.streamOf?.source as SourceNode['id']);
  if (table?.resourceType !== 'source') throw ForgeError.of(Codes.sourceNotFound, `stream ${source.name}: its table is gone`, source.location);
  // a stale stream cannot be read again; only replacing it (a full refresh, which also rebuilds what reads it) recovers
  const stale = dialect.showStream ? (await connection.query(dialect.showStream(source.relation))).rows.some((r) => String(r['stale']).toLowerCase() === 'true') : false;
  if (stale && !ctx.fullRefresh) {
    throw ForgeError.of(Codes.streamStale, `stream ${dialect.relation(source.relation)} is stale: it was not consumed within its table's retention, and Snowflake can no longer read it`,
      source.location, `recreate it and rebuild what reads it: forge build --full-refresh --select source:${source.sourceName}.${source.tableName}+ (build or run its task more often than the retention period)`);
  }
  const sql = dialect.createStream(source.relation, table.relation, source.streamOf?.appendOnly ?? false, stale);
  await connection.execute(sql);
  return { what: `stream ${dialect.relation(source.relation)} on ${dialect.relation(table.relation)}${stale ? ' (stale: replaced)' : ''}`, sql };
}

/** All new files in one statement and one transaction, with their history rows (through a stage where the warehouse cannot read them). */
async function loadFiles(ctx: RunContext, source: SourceNode, connection: Connection, files: readonly string[], exists: boolean): Promise<number> {
  const { dialect } = ctx.warehouse;
  const external = source.external as NonNullable<SourceNode['external']>;
  if (!dialect.capabilities.localFiles && dialect.stage) {
    if (external.format !== 'csv') throw ForgeError.of(Codes.capability, `${external.format} sources load into ${dialect.type} only as CSV for now`, source.location);
    return loadThroughStage(ctx, source, connection, dialect.stage, files, (loaded) => connection.execute(historyInsert(dialect, source, loaded, ctx.now)).then(() => undefined));
  }
  const root = `${ctx.manifest.projectDir}${path.sep}`.replace(/'/g, "''");
  const reader = dialect.readFiles(files.map((f) => path.resolve(ctx.manifest.projectDir, f)), external.format, external.options);
  const select = `select * exclude (filename), replace(filename, '${root}', '') as _source_file, ${dialect.timestamp(ctx.now)} as _loaded_at\nfrom ${reader}`;
  const load = exists ? dialect.insertByName(source.relation, select) : dialect.createTableAs(source.relation, select);
  try {
    return await inTransaction(connection, dialect, async () => {
      const rows = await connection.execute(load);
      await connection.execute(historyInsert(dialect, source, files, ctx.now));
      return rows;
    });
  } catch (error) {
    // The fast path trusts DuckDB's reader; on failure, Forge's own check names the file, line and column.
    if (external.format === 'csv') for (const f of files) checkShape(path.resolve(ctx.manifest.projectDir, f), f);
    const message = error instanceof Error ? error.message : String(error);
    const file = files.find((f) => message.includes(f)) ?? files.join(', ');
    const line = /line:?\s*(\d+)/i.exec(message)?.[1];
    throw ForgeError.of(Codes.loadFailed, `cannot load ${file} into ${dialect.relation(source.relation)}: ${message.split('\n')[0]}`,
      { file: files.length === 1 || files.includes(file) ? file : files[0] ?? '', ...(line ? { line: Number(line) } : {}) },
      'fix or remove the file; nothing of this batch was loaded, and it will be retried on the next build');
  }
}

/** Ragged rows and unclosed quotes get their line and column before DuckDB sees the file. */
function checkShape(absolute: string, file: string): void {
  if (statSync(absolute).size > CHECK_SHAPE_BELOW) return;
  const { problem } = checkCsv(readFileSync(absolute, 'utf8'));
  if (problem) {
    throw ForgeError.of(Codes.loadFailed, `malformed CSV: line ${problem.line}, column ${problem.column}: ${problem.message}`, { file, line: problem.line },
      'fix or remove the file; files loaded before it stay loaded');
  }
}
