/** DuckDB SQL text. Pure. What DuckDB writes differently from the standard statements (base-dialect.ts). */
import { relationName, type Relation } from '../../core/relation.js';
import type { Dialect } from '../adapter.js';
import { defineDialect } from '../base-dialect.js';

export function duckdbDialect(database: string): Dialect {
  const rel = (relation: Relation): string => relationName(relation, database);
  return defineDialect({
    type: 'duckdb',
    capabilities: { transactionalDdl: true, merge: true, localFiles: true },
    relation: rel,
    createSchema: (relation) =>
      `create schema if not exists ${relation.database === database ? '' : `${relation.database}.`}${relation.schema}`,
    // clustering and transient storage are Snowflake's; DuckDB has no roles to grant to (the default)
    createTableAs: (relation, sql, temporary = false) =>
      temporary
        ? `create or replace temp table ${relation.identifier} as\n${sql}`
        : `create or replace table ${rel(relation)} as\n${sql}`,
    createEmptyTable: (relation, columns, temporary = false) =>
      `create or replace ${temporary ? `temp table ${relation.identifier}` : `table ${rel(relation)}`} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    hoursAgo: (hours) => `(cast(current_timestamp as timestamp) - interval (${Number(hours)}) hour)`,
    readFiles: (files, format, options) => {
      const list = `[${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;
      const extra = Object.entries(options)
        .map(([k, v]) => `, ${k} = ${typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v)}`)
        .join('');
      if (format === 'parquet') return `read_parquet(${list}, filename = true, union_by_name = true${extra})`;
      if (format === 'json') return `read_json_auto(${list}, filename = true, union_by_name = true${extra})`;
      // An explicit dialect skips DuckDB's sniffer, 4–6× faster on many small files (measured here).
      const dialectOptions = ['delim', 'quote', 'escape']
        .filter((k) => !(k in options))
        .map((k) => `, ${k} = '${k === 'delim' ? ',' : '"'}'`)
        .join('');
      return `read_csv(${list}, header = true, all_varchar = true, filename = true, union_by_name = true${dialectOptions}${extra})`;
    },
    insertByName: (target, select) => `insert into ${rel(target)} by name\n${select}`,
    contentDigest: (select) =>
      `select count(*)::varchar || ':' || coalesce(sum(hash(forge_rows))::varchar, '0') as digest\nfrom (\n${select}\n) as forge_rows`,
    hashBucket: (expressions, buckets) => `(hash(${expressions.join(', ')}) % ${buckets})`,
    createFunction: (fn, params, body) =>
      `create or replace macro ${rel(fn)}(${params.map((p) => p.name).join(', ')}) as (\n${body}\n)`,
    cloneTable: (to, from) => `create or replace table ${rel(to)} as\nselect * from ${rel(from)}`,
  });
}
