/** The load history of a source schema (`<schema>._forge_loads`): a row per file loaded into a source table. */
import type { Dialect } from '../adapters/adapter.js';
import type { SourceNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';

export function historyRelation(source: SourceNode): Relation {
  return { ...source.relation, identifier: '_forge_loads' };
}

/** The load-history table of a source's schema (created once per run, before threads start). */
export function createHistorySql(dialect: Dialect, source: SourceNode): string {
  return `create table if not exists ${dialect.relation(historyRelation(source))} (source varchar, file varchar, rows_loaded bigint, loaded_at timestamp)`;
}

/** History rows for the files that `where` selects in the source table. */
export function historyInsertWhere(dialect: Dialect, source: SourceNode, where: string, now: Date): string {
  return `insert into ${dialect.relation(historyRelation(source))} select '${source.id}', _source_file, count(*), ${dialect.timestamp(now)} ` +
    `from ${dialect.relation(source.relation)} where ${where} group by _source_file`;
}

