/**
 * The default dialect: standard SQL (as Postgres reads it) for every statement kind that has a
 * portable form, so an adapter writes only what its warehouse does differently. What has no
 * portable form — a row digest, a hash, a scalar function — every dialect writes itself.
 * Optional members (stages, dynamic tables, tasks, SHOW statements) are absent by default.
 */
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { Dialect } from './adapter.js';

/** The members every dialect states: its name, what it can do, how it names relations, and the SQL with no portable form. */
type OwnMember = 'type' | 'capabilities' | 'relation' | 'contentDigest' | 'hashBucket' | 'createFunction';

/** A dialect's own members plus the defaults it overrides. */
type DialectSpec = Pick<Dialect, OwnMember> & Partial<Omit<Dialect, OwnMember>>;

/** The standard statements, written with the dialect's own relation names. */
function standardSql(spec: DialectSpec): Omit<Dialect, OwnMember> {
  const rel = spec.relation;
  const table = (kind: string): string => (kind === 'view' ? 'view' : 'table');
  return {
    createSchema: (relation) => `create schema if not exists ${relation.database}.${relation.schema}`,
    createTableAs: (relation, sql, temporary = false) =>
      `create ${temporary ? `temporary table ${relation.identifier}` : `table ${rel(relation)}`} as\n${sql}`,
    // no roles to grant to, unless the dialect says how
    grants: () => [],
    createView: (relation, sql) => `create or replace view ${rel(relation)} as\n${sql}`,
    createEmptyTable: (relation, columns, temporary = false) =>
      `create ${temporary ? `temporary table ${relation.identifier}` : `table ${rel(relation)}`} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    drop: (relation, kind) => `drop ${table(kind)} if exists ${rel(relation)}`,
    // transactional DDL: the old relation goes and the new one takes its name in the node's transaction
    swapIn: (beside, live, existing) => ({
      swap: [
        ...(existing ? [`drop ${table(existing)} if exists ${rel(live)}`] : []),
        `alter table ${rel(beside)} rename to ${live.identifier}`,
      ],
      cleanup: [],
    }),
    addColumn: (relation, column) => `alter table ${rel(relation)} add column ${column.name} ${column.type}`,
    dropColumn: (relation, column) => `alter table ${rel(relation)} drop column ${column}`,
    subtractInterval: (expr, interval) => `(${expr} - interval '${interval.replace(/'/g, '')}')`,
    timestamp: (value) => `timestamp '${value.toISOString().replace('T', ' ').replace('Z', '')}'`,
    hoursAgo: (hours) => `(localtimestamp - interval '${Number(hours)} hours')`,
    readFiles: () => {
      throw ForgeError.of(Codes.capability, `${spec.type} cannot read files on this machine`);
    },
    // by position: a dialect that can match columns by name says so
    insertByName: (target, select) => `insert into ${rel(target)}\n${select}`,
    // no change capture: a view showing every row as a fresh insert (builds are full reads; incremental models merge them idempotently)
    createStream: (stream, source) =>
      `create or replace view ${rel(stream)} as\nselect *, 'INSERT' as metadata$action, false as metadata$isupdate from ${rel(source)}`,
    cloneTable: (to, from) => `create table ${rel(to)} as\nselect * from ${rel(from)}`,
    begin: () => 'begin transaction',
    commit: () => 'commit',
    rollback: () => 'rollback',
  };
}

/** A dialect from its own members and overrides; every other statement is the standard one. */
export function defineDialect(spec: DialectSpec): Dialect {
  return { ...standardSql(spec), ...spec };
}
