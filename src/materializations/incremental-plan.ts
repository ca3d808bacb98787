/**
 * Pure planners for incremental models on an existing table. The new rows are staged beside the
 * target (filtered by the watermark, deduplicated on the unique key), then applied in one
 * transaction: append, merge or delete+insert. Schema changes follow `on_schema_change`.
 */
import type { IncrementalConfig } from '../core/materialization.js';
import type { Relation } from '../core/relation.js';
import type { Column, Dialect } from '../adapters/adapter.js';
import { BESIDE_SUFFIXES, besideRelation, type BuildOptions, type Plan } from './relation-plan.js';

export function stagingRelation(target: Relation): Relation {
  return besideRelation(target, BESIDE_SUFFIXES.incremental);
}

/** The SELECT that stages new rows: watermark filter and (with a unique key) one row per key. */
export function stagingSql(
  dialect: Dialect,
  target: Relation,
  sql: string,
  config: IncrementalConfig,
): string {
  let query = `select * from (\n${sql}\n) as forge_source`;
  if (config.watermark) {
    const newest = `(select max(${config.watermark}) from ${dialect.relation(target)})`;
    const bound = config.lookback ? dialect.subtractInterval(newest, config.lookback) : newest;
    const op = config.lookback ? '>=' : '>';
    query += `\nwhere ${config.watermark} ${op} ${bound} or ${newest} is null`;
  }
  if (config.uniqueKey.length > 0 && config.strategy !== 'append') {
    const order = config.watermark ? `${config.watermark} desc nulls last` : config.uniqueKey.join(', ');
    query = `select * from (\n${query}\n) as forge_new\nqualify row_number() over (partition by ${config.uniqueKey.join(', ')} order by ${order}) = 1`;
  }
  return query;
}

interface SchemaDiff {
  readonly added: readonly Column[];
  readonly removed: readonly Column[];
}

function diffColumns(target: readonly Column[], staged: readonly Column[]): SchemaDiff {
  const has = (list: readonly Column[], name: string): boolean =>
    list.some((c) => c.name.toLowerCase() === name.toLowerCase());
  return {
    added: staged.filter((c) => !has(target, c.name)),
    removed: target.filter((c) => !has(staged, c.name)),
  };
}

type ApplyResult =
  { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly message: string };

/**
 * How the staged rows reach the staging table: already there (a CTAS of the staging query), or — when
 * the model reads a stream — `insert`, run inside the transaction that applies the rows to an empty
 * staging table, so the stream is consumed only if its rows are applied.
 */
interface StagingFill {
  readonly insert?: string;
  /** The model's table settings and grants: a clone swapped in keeps its kind and (COPY GRANTS) its grants; the declared ones are granted again after the swap. */
  readonly table?: BuildOptions;
}

export function planIncrementalApply(
  dialect: Dialect,
  target: Relation,
  targetColumns: readonly Column[],
  stagedColumns: readonly Column[],
  config: IncrementalConfig,
  fill: StagingFill = {},
): ApplyResult {
  const diff = diffColumns(targetColumns, stagedColumns);
  if (config.onSchemaChange === 'fail' && (diff.added.length > 0 || diff.removed.length > 0)) {
    return { ok: false, message: schemaMessage(diff) };
  }
  const keep =
    config.onSchemaChange === 'ignore' ? stagedColumns.filter((c) => !diff.added.includes(c)) : stagedColumns;
  const columns = keep.map((c) => c.name);
  const staging = stagingRelation(target);
  const fillStaging = fill.insert ? [fill.insert] : [];
  const alter = (relation: Relation): string[] => [
    ...(config.onSchemaChange === 'append_new_columns' || config.onSchemaChange === 'sync_all_columns'
      ? diff.added.map((c) => dialect.addColumn(relation, c))
      : []),
    ...(config.onSchemaChange === 'sync_all_columns'
      ? diff.removed.map((c) => dialect.dropColumn(relation, c.name))
      : []),
  ];
  const cleanup = [dialect.drop(staging, 'table')];
  if (alter(target).length === 0 || dialect.capabilities.transactionalDdl) {
    return {
      ok: true,
      plan: {
        prepare: [],
        swap: [
          ...alter(target),
          ...fillStaging,
          ...applyStatements(dialect, target, staging, columns, config),
        ],
        cleanup,
      },
    };
  }
  // DDL commits at once here: change the columns on a clone, apply the rows to it, then swap it in,
  // so a failed apply leaves the table with its old columns and rows
  const beside = besideRelation(target);
  const swapped = dialect.swapIn(beside, target, 'table');
  return {
    ok: true,
    plan: {
      prepare: [dialect.cloneTable(beside, target, { ...fill.table, copyGrants: true }), ...alter(beside)],
      swap: [
        ...fillStaging,
        ...applyStatements(dialect, beside, staging, columns, config),
        ...swapped.swap,
        ...dialect.grants(target, 'table', fill.table?.grants ?? {}),
      ],
      cleanup: [...cleanup, ...swapped.cleanup],
    },
  };
}

/**
 * The statements applying new rows to the target. `source` is a relation's text or a parenthesized
 * query (a task applies its model's query directly: one DML statement, which also consumes a stream).
 */
export function applySql(
  dialect: Dialect,
  target: Relation,
  source: string,
  columns: readonly string[],
  config: IncrementalConfig,
): string[] {
  const t = dialect.relation(target);
  const s = source;
  const list = columns.join(', ');
  const insert = `insert into ${t} (${list})\nselect ${list} from ${s}${s.startsWith('(') ? ' as forge_s' : ''}`;
  if (config.strategy === 'append' || config.uniqueKey.length === 0) return [insert];
  const match = (left: string, right: string): string =>
    config.uniqueKey.map((k) => `${left}.${k} is not distinct from ${right}.${k}`).join(' and ');
  if (config.strategy === 'merge' && dialect.capabilities.merge) {
    const updates = columns.filter((c) => !config.uniqueKey.some((k) => k.toLowerCase() === c.toLowerCase()));
    const matched =
      updates.length > 0
        ? `\nwhen matched then update set ${updates.map((c) => `${c} = forge_s.${c}`).join(', ')}`
        : '';
    return [
      `merge into ${t} as forge_t using ${s} as forge_s\non ${match('forge_t', 'forge_s')}${matched}\n` +
        `when not matched then insert (${list}) values (${columns.map((c) => `forge_s.${c}`).join(', ')})`,
    ];
  }
  return [
    `delete from ${t} as forge_t where exists (select 1 from ${s} as forge_s where ${match('forge_t', 'forge_s')})`,
    insert,
  ];
}

function applyStatements(
  dialect: Dialect,
  target: Relation,
  staging: Relation,
  columns: readonly string[],
  config: IncrementalConfig,
): string[] {
  return applySql(dialect, target, dialect.relation(staging), columns, config);
}

function schemaMessage(diff: SchemaDiff): string {
  const parts = [
    ...diff.added.map((c) => `  + ${c.name} ${c.type} (new in the model)`),
    ...diff.removed.map((c) => `  - ${c.name} ${c.type} (in the table, gone from the model)`),
  ];
  return `the model's columns changed and on_schema_change is "fail":\n${parts.join('\n')}`;
}
