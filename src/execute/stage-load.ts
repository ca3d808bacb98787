/**
 * Loading landed files where the warehouse cannot read this machine's files (Snowflake): each file
 * to load is PUT to the user stage under `forge_landing/<project>/<its project-relative path>`, the
 * table is created (or widened) with a text column per header field, and the files are copied in —
 * grouped by header, columns by position, in as many COPY statements as the dialect's file-list limit
 * needs — inside the load's transaction (landed-load.ts). `_source_file` is the project-relative path,
 * as on DuckDB, so the load history means the same on both warehouses. COPY is FORCEd: Forge's history
 * decides what loads, and Snowflake's load metadata would skip a file rewritten back to content it
 * loaded before, whose old rows the same transaction has just deleted.
 */
import path from 'node:path';
import type { Connection, Dialect, RelationState, StageSql } from '../adapters/adapter.js';
import type { SourceNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { sqlString } from '../core/sql-string.js';
import { newColumns } from './landed-header.js';
import { forgetHistorySql, historyInsertWhere, historyRelation, sqlList } from './load-history.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { inTransaction } from './run-plan.js';

/** A raw table as loads make it: a text column per file column, then where and when each row was loaded. */
function rawTableSql(dialect: Dialect, source: SourceNode, columns: readonly string[]): string {
  return `create table if not exists ${dialect.relation(source.relation)} (${[...columns.map((c) => `${c} varchar`), '_source_file varchar', '_loaded_at timestamp'].join(', ')})`;
}

const stageBase = (ctx: RunContext): string => `forge_landing/${ctx.manifest.project.name}`;

/** Before the load's transaction (DDL commits on Snowflake): the table created or widened for the headers, each file PUT. */
export async function stageFiles(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
  stage: StageSql,
  table: RelationState | undefined,
  headers: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  const { dialect } = ctx.warehouse;
  if (!table)
    await connection.execute(rawTableSql(dialect, source, [...new Set([...headers.values()].flat())]));
  else
    for (const column of newColumns(table, headers))
      await connection.execute(dialect.addColumn(source.relation, { name: column, type: 'varchar' }));
  for (const file of headers.keys())
    await connection.execute(
      stage.put(
        path.resolve(ctx.manifest.projectDir, file),
        path.posix.join(stageBase(ctx), path.dirname(file)),
      ),
    );
}

/** The staged files copied into the table, one COPY per header (and file-list chunk). */
export async function copyStaged(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
  stage: StageSql,
  headers: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  const groups = new Map<string, string[]>();
  for (const [file, header] of headers)
    groups.set(header.join(','), [...(groups.get(header.join(',')) ?? []), file]);
  const loadedAt = ctx.warehouse.dialect.timestamp(ctx.now);
  for (const [header, group] of groups) {
    for (const copy of stage.copyInto(source.relation, header.split(','), stageBase(ctx), group, loadedAt))
      await connection.execute(copy);
  }
}

/** `*.csv` → `.*[.]csv` (Snowflake's PATTERN is a regular expression over the file path). */
function globToPattern(glob: string): string {
  return `.*${glob
    .replace(/[.+^${}()|[\]\\]/g, (c) => (c === '.' ? '[.]' : `\\${c}`))
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')}`;
}

/**
 * After a COPY from an external stage: files it loaded that the history already had were rewritten in
 * the bucket (Snowflake's load metadata saw a new ETag), so their old rows and history rows go.
 */
async function replaceReloaded(
  dialect: Dialect,
  source: SourceNode,
  connection: Connection,
  loadedAt: string,
): Promise<string[]> {
  const table = dialect.relation(source.relation);
  const reloaded = (
    await connection.query(
      `select distinct _source_file as file from ${table} where _loaded_at = ${loadedAt} ` +
        `and _source_file in (select file from ${dialect.relation(historyRelation(source))} where source = ${sqlString(source.id)}) order by 1`,
    )
  ).rows.map((r) => String(r['file']));
  if (reloaded.length === 0) return [];
  await connection.execute(
    `delete from ${table} where _loaded_at <> ${loadedAt} and _source_file in (${sqlList(reloaded)})`,
  );
  await connection.execute(forgetHistorySql(dialect, source, reloaded));
  return reloaded;
}

/**
 * A source on a cloud URL (`s3://bucket/landing/orders/*.csv`, with `storage_integration`): a named
 * external stage on its folder, the table with its declared columns (the files are not here to read a
 * header from), and one COPY INTO — Snowflake's load metadata (name and ETag) skips files copied
 * before and loads a rewritten one again, whose old rows the same transaction replaces.
 */
export async function loadFromExternalStage(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
  stage: StageSql,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const external = source.external as NonNullable<SourceNode['external']>;
  const columns = source.columns.map((c) => c.name);
  if (!external.storageIntegration || columns.length === 0) {
    throw ForgeError.of(
      Codes.configInvalid,
      `${source.sourceName}.${source.tableName} loads from ${external.location}: it needs ${!external.storageIntegration ? 'a storage_integration' : 'its columns declared, in file order'}`,
      source.location,
      'external: { location: "s3://bucket/path/*.csv", storage_integration: MY_S3 } and columns: [{ name: … }, …]',
    );
  }
  const cut = external.location.lastIndexOf('/');
  const url = external.location.slice(0, cut + 1);
  const stageRelation = { ...source.relation, identifier: `forge_stage_${source.tableName}` };
  const loadedAt = dialect.timestamp(ctx.now);
  await connection.execute(stage.createExternalStage(stageRelation, url, external.storageIntegration));
  await connection.execute(rawTableSql(dialect, source, columns));
  const { loaded, reloaded } = await inTransaction(connection, dialect, async () => {
    await connection.execute(
      stage.copyFromStage(
        source.relation,
        columns,
        stageRelation,
        globToPattern(external.location.slice(cut + 1) || '*'),
        loadedAt,
      ),
    );
    const replaced = await replaceReloaded(dialect, source, connection, loadedAt);
    await connection.execute(historyInsertWhere(dialect, source, `_loaded_at = ${loadedAt}`, ctx.now));
    const counted =
      (
        await connection.query(
          `select count(*) as n, count(distinct _source_file) as files from ${dialect.relation(source.relation)} where _loaded_at = ${loadedAt}`,
        )
      ).rows[0] ?? {};
    return { loaded: counted, reloaded: replaced };
  });
  for (const file of reloaded)
    ctx.events({
      type: 'info',
      message: `${dialect.relation(source.relation)}: reloaded ${file} (rewritten in ${url}: Snowflake's load metadata saw a new ETag); its old rows replaced`,
    });
  const files = Number(loaded['files'] ?? 0) - reloaded.length;
  return {
    what: `load ${dialect.relation(source.relation)} from ${url} (${files} new file${files === 1 ? '' : 's'}${reloaded.length > 0 ? `, ${reloaded.length} reloaded` : ''})`,
    rows: Number(loaded['n'] ?? 0),
  };
}
