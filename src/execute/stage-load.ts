/**
 * Loading landed files where the warehouse cannot read this machine's files (Snowflake): each new
 * file is PUT to the user stage under `forge_landing/<project>/<its project-relative path>`, the table
 * is created (or widened) with a text column per header field, and the files are copied in — grouped by
 * header, columns by position, in as many COPY statements as the dialect's file-list limit needs — with
 * their history rows in one transaction. `_source_file` is the project-relative path, as on DuckDB,
 * so the load history means the same on both warehouses; Snowflake's own load metadata skips a file
 * copied twice as well.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { Connection, Dialect, StageSql } from '../adapters/adapter.js';
import type { SourceNode } from '../core/nodes.js';
import { checkCsv } from '../materializations/seed-plan.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { historyInsertWhere } from './load-history.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { inTransaction } from './run-plan.js';

/** The header line of a CSV, read without loading the file. */
function headerOf(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    // the same CSV reading as seeds (quoted header fields included)
    return checkCsv(buffer.subarray(0, read).toString('utf8').split(/\r?\n/)[0] ?? '').header.map((h) => h.trim());
  } finally {
    closeSync(fd);
  }
}

/** A raw table as loads make it: a text column per file column, then where and when each row was loaded. */
function rawTableSql(dialect: Dialect, source: SourceNode, columns: readonly string[]): string {
  return `create table if not exists ${dialect.relation(source.relation)} (${[...columns.map((c) => `${c} varchar`), '_source_file varchar', '_loaded_at timestamp'].join(', ')})`;
}

export async function loadThroughStage(ctx: RunContext, source: SourceNode, connection: Connection, stage: StageSql, files: readonly string[],
  recordHistory: (files: readonly string[]) => Promise<void>): Promise<number> {
  const { dialect } = ctx.warehouse;
  const base = `forge_landing/${ctx.manifest.project.name}`;
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const header = headerOf(path.resolve(ctx.manifest.projectDir, file)).join(',');
    groups.set(header, [...(groups.get(header) ?? []), file]);
  }
  const existing = await connection.describe(source.relation);
  const have = new Set((existing?.columns ?? []).map((c) => c.name.toLowerCase()));
  const wanted = [...new Set([...groups.keys()].flatMap((h) => h.split(',')))];
  if (!existing) {
    await connection.execute(rawTableSql(dialect, source, wanted));
  } else {
    for (const column of wanted.filter((c) => !have.has(c.toLowerCase()))) await connection.execute(dialect.addColumn(source.relation, { name: column, type: 'varchar' }));
  }
  for (const file of files) await connection.execute(stage.put(path.resolve(ctx.manifest.projectDir, file), path.posix.join(base, path.dirname(file))));
  const loadedAt = dialect.timestamp(ctx.now);
  return inTransaction(connection, dialect, async () => {
    for (const [header, group] of groups) {
      for (const copy of stage.copyInto(source.relation, header.split(','), base, group, loadedAt)) await connection.execute(copy);
    }
    await recordHistory(files);
    const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
    const counted = await connection.query(`select count(*) as n from ${dialect.relation(source.relation)} where _source_file in (${list})`);
    return Number(counted.rows[0]?.['n'] ?? 0);
  });
}

/** `*.csv` → `.*[.]csv` (Snowflake's PATTERN is a regular expression over the file path). */
function globToPattern(glob: string): string {
  return `.*${glob.replace(/[.+^${}()|[\]\\]/g, (c) => (c === '.' ? '[.]' : `\\${c}`)).replace(/\*/g, '.*').replace(/\?/g, '.')}`;
}

/**
 * A source on a cloud URL (`s3://bucket/landing/orders/*.csv`, with `storage_integration`): a named
 * external stage on its folder, the table with its declared columns (the files are not here to read a
 * header from), and one COPY INTO — Snowflake's load metadata skips files copied before, and the
 * history records what this run loaded.
 */
export async function loadFromExternalStage(ctx: RunContext, source: SourceNode, connection: Connection, stage: StageSql): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const external = source.external as NonNullable<SourceNode['external']>;
  const columns = source.columns.map((c) => c.name);
  if (!external.storageIntegration || columns.length === 0) {
    throw ForgeError.of(Codes.configInvalid, `${source.sourceName}.${source.tableName} loads from ${external.location}: it needs ${!external.storageIntegration ? 'a storage_integration' : 'its columns declared, in file order'}`,
      source.location, 'external: { location: "s3://bucket/path/*.csv", storage_integration: MY_S3 } and columns: [{ name: … }, …]');
  }
  const cut = external.location.lastIndexOf('/');
  const url = external.location.slice(0, cut + 1);
  const stageRelation = { ...source.relation, identifier: `forge_stage_${source.tableName}` };
  const loadedAt = dialect.timestamp(ctx.now);
  await connection.execute(stage.createExternalStage(stageRelation, url, external.storageIntegration));
  await connection.execute(rawTableSql(dialect, source, columns));
  const loaded = await inTransaction(connection, dialect, async () => {
    await connection.execute(stage.copyFromStage(source.relation, columns, stageRelation, globToPattern(external.location.slice(cut + 1) || '*'), loadedAt));
    await connection.execute(historyInsertWhere(dialect, source, `_loaded_at = ${loadedAt}`, ctx.now));
    return (await connection.query(`select count(*) as n, count(distinct _source_file) as files from ${dialect.relation(source.relation)} where _loaded_at = ${loadedAt}`)).rows[0] ?? {};
  });
  const files = Number(loaded['files'] ?? 0);
  return { what: `load ${dialect.relation(source.relation)} from ${url} (${files} new file${files === 1 ? '' : 's'})`, rows: Number(loaded['n'] ?? 0) };
}
