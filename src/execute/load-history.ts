/**
 * The load history of a source schema (`<schema>._forge_loads`): a row per file loaded into a source
 * table, with the file's size, modification time and content hash when it was read — what tells a
 * changed file from one already loaded. (Files on a cloud URL have no fingerprint here: Snowflake's
 * own load metadata, by name and ETag, decides which of them load.)
 */
import type { Connection, Dialect } from '../adapters/adapter.js';
import type { SourceNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { sqlString } from '../core/sql-string.js';
import type { LandedFile } from './landed-file.js';

/** A file as the history recorded it; the fingerprint is null for rows written before Forge kept one. */
export interface LoadedFile {
  readonly file: string;
  readonly rows: number;
  readonly size: number | null;
  readonly modifiedMs: number | null;
  readonly hash: string | null;
}

const FINGERPRINT = [
  { name: 'size', type: 'bigint' },
  { name: 'modified_ms', type: 'bigint' },
  { name: 'content_hash', type: 'varchar' },
] as const;

export function historyRelation(source: SourceNode): Relation {
  return { ...source.relation, identifier: '_forge_loads' };
}

/** The load-history table of a source's schema (created once per run, before threads start). */
export function createHistorySql(dialect: Dialect, source: SourceNode): string {
  return `create table if not exists ${dialect.relation(historyRelation(source))} (source varchar, file varchar, rows_loaded bigint, loaded_at timestamp, ${FINGERPRINT.map((c) => `${c.name} ${c.type}`).join(', ')})`;
}

/** Creates the history table if need be, and adds the fingerprint columns a history from an older Forge lacks. */
export async function ensureHistory(
  connection: Connection,
  dialect: Dialect,
  source: SourceNode,
): Promise<void> {
  const relation = historyRelation(source);
  const existing = await connection.describe(relation);
  if (!existing) {
    await connection.execute(createHistorySql(dialect, source));
    return;
  }
  const have = new Set(existing.columns.map((c) => c.name.toLowerCase()));
  for (const column of FINGERPRINT.filter((c) => !have.has(c.name)))
    await connection.execute(dialect.addColumn(relation, column));
}

export async function readHistory(
  connection: Connection,
  dialect: Dialect,
  source: SourceNode,
): Promise<Map<string, LoadedFile>> {
  const { rows } = await connection.query(
    `select file, rows_loaded, size, modified_ms, content_hash from ${dialect.relation(historyRelation(source))} where source = ${sqlString(source.id)}`,
  );
  const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return new Map(
    rows.map((r) => [
      String(r['file']),
      {
        file: String(r['file']),
        rows: Number(r['rows_loaded'] ?? 0),
        size: numberOrNull(r['size']),
        modifiedMs: numberOrNull(r['modified_ms']),
        hash:
          r['content_hash'] === null || r['content_hash'] === undefined ? null : String(r['content_hash']),
      },
    ]),
  );
}

export const sqlList = (values: readonly string[]): string => values.map(sqlString).join(', ');

const VALUES_PER_INSERT = 1000;

/** History rows for files loaded this run, each with its fingerprint and the rows it loaded (`rows`, by file; absent is 0), a thousand an INSERT. */
export function historyValuesSql(
  dialect: Dialect,
  source: SourceNode,
  files: readonly LandedFile[],
  rows: ReadonlyMap<string, number>,
  now: Date,
): string[] {
  const values = files.map(
    (f) =>
      `(${sqlString(source.id)}, ${sqlString(f.file)}, ${rows.get(f.file) ?? 0}, ${dialect.timestamp(now)}, ${f.size}, ${f.modifiedMs}, ${f.hash === undefined ? 'null' : `'${f.hash}'`})`,
  );
  const statements: string[] = [];
  for (let i = 0; i < values.length; i += VALUES_PER_INSERT) {
    statements.push(
      `insert into ${dialect.relation(historyRelation(source))} (source, file, rows_loaded, loaded_at, size, modified_ms, content_hash) values\n${values.slice(i, i + VALUES_PER_INSERT).join(',\n')}`,
    );
  }
  return statements;
}

/** History rows for the files that `where` selects in the source table (an external stage's load: no fingerprints). */
export function historyInsertWhere(dialect: Dialect, source: SourceNode, where: string, now: Date): string {
  return (
    `insert into ${dialect.relation(historyRelation(source))} (source, file, rows_loaded, loaded_at) select ${sqlString(source.id)}, _source_file, count(*), ${dialect.timestamp(now)} ` +
    `from ${dialect.relation(source.relation)} where ${where} group by _source_file`
  );
}

/** Forgets files of this source (their rows are being replaced), or all of them (the table is gone). */
export function forgetHistorySql(dialect: Dialect, source: SourceNode, files?: readonly string[]): string {
  return `delete from ${dialect.relation(historyRelation(source))} where source = ${sqlString(source.id)}${files ? ` and file in (${sqlList(files)})` : ''}`;
}

/** A file touched but not changed: its new modification time, so the next build need not hash it again. */
export function touchHistorySql(dialect: Dialect, source: SourceNode, file: LandedFile): string {
  return `update ${dialect.relation(historyRelation(source))} set modified_ms = ${file.modifiedMs} where source = ${sqlString(source.id)} and file = ${sqlString(file.file)}`;
}
