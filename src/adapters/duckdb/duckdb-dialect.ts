/** DuckDB SQL text. Pure. */
import type { Relation } from '../../core/relation.js';
import type { Column, Dialect } from '../adapter.js';

function relationText(relation: Relation): string {
  return `${relation.schema}.${relation.identifier}`;
}

export function duckdbDialect(database: string): Dialect {
  const rel = (relation: Relation): string =>
    relation.database === database ? relationText(relation) : `${relation.database}.${relationText(relation)}`;
  return {
    type: 'duckdb',
    capabilities: { transactionalDdl: true, merge: true, dynamicTables: false },
    relation: rel,
    createSchema: (relation) => `create schema if not exists ${relation.database === database ? '' : `${relation.database}.`}${relation.schema}`,
    createTableAs: (relation, sql, temporary = false) =>
      temporary ? `create or replace temp table ${relation.identifier} as\n${sql}` : `create or replace table ${rel(relation)} as\n${sql}`,
    createView: (relation, sql) => `create or replace view ${rel(relation)} as\n${sql}`,
    drop: (relation, kind) => `drop ${kind} if exists ${rel(relation)}`,
    renameTable: (from, to) => `alter table ${rel(from)} rename to ${to}`,
    addColumn: (relation, column: Column) => `alter table ${rel(relation)} add column ${column.name} ${column.type}`,
    dropColumn: (relation, column) => `alter table ${rel(relation)} drop column ${column}`,
    subtractInterval: (expr, interval) => `(${expr} - interval '${interval.replace(/'/g, '')}')`,
    timestamp: (value) => `timestamp '${value.toISOString().replace('T', ' ').replace('Z', '')}'`,
    hoursAgo: (hours) => `(cast(current_timestamp as timestamp) - interval (${Number(hours)}) hour)`,
    begin: () => 'begin transaction',
    commit: () => 'commit',
    rollback: () => 'rollback',
  };
}
