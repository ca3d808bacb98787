/**
 * Pure planners for views and tables: the statements to run, split into what runs before (building
 * beside the live relation) and what swaps it in, in one transaction. A failure before the swap
 * leaves the previous relation untouched; the swap itself commits whole or not at all.
 */
import type { Relation } from '../core/relation.js';
import type { Column, Dialect, RelationState, TableOptions } from '../adapters/adapter.js';

export interface Plan {
  /** Statements outside the swap (schema, building beside). */
  readonly prepare: readonly string[];
  /** Statements run in one transaction. */
  readonly swap: readonly string[];
  /** Statements after the swap (cleanup); failures here do not fail the node. */
  readonly cleanup: readonly string[];
}

/**
 * The suffixes of the relations Forge builds beside a live one: a table to swap in, an incremental
 * model's and a snapshot's staged rows. Each build drops its own; a killed build leaves them, and the
 * next build of the node drops them first (execute/stale-relations.ts). A task's staging
 * (`__forge_task`) is a temporary table: it goes with its session.
 */
export const BESIDE_SUFFIXES = {
  swap: '__forge_tmp',
  incremental: '__forge_incr',
  snapshot: '__forge_snap',
} as const;

export function besideRelation(relation: Relation, suffix: string = BESIDE_SUFFIXES.swap): Relation {
  return { ...relation, identifier: `${relation.identifier}${suffix}` };
}

/** What a node's config asks of the relation it builds. */
export interface BuildOptions extends TableOptions {
  /** `{ select: [role, …] }`, applied after every build (a swap replaces the table, grants included). */
  readonly grants?: Readonly<Record<string, readonly string[]>>;
}

export function planView(
  dialect: Dialect,
  relation: Relation,
  sql: string,
  existing: RelationState | undefined,
  options: BuildOptions = {},
): Plan {
  // a table or dynamic table of that name goes first (CREATE OR REPLACE VIEW replaces only a view)
  const swap =
    existing && existing.kind !== 'view'
      ? [dialect.drop(relation, existing.kind), dialect.createView(relation, sql)]
      : [dialect.createView(relation, sql)];
  return {
    prepare: [dialect.createSchema(relation)],
    swap: [...swap, ...dialect.grants(relation, 'view', options.grants ?? {})],
    cleanup: [],
  };
}

/**
 * How the table beside is filled: by its CREATE … AS, or — the query reads a stream — created empty
 * with the query's columns and filled by an INSERT in the swap's transaction, which consumes the
 * stream (no statement reads the stream before it).
 */
export type TableFill = 'ctas' | { readonly columns: readonly Column[] };

/** Build the new table beside the old, then swap it in (dialect.swapIn: atomically on both warehouses), then grant. */
export function planTable(
  dialect: Dialect,
  relation: Relation,
  sql: string,
  existing: RelationState | undefined,
  options: BuildOptions = {},
  fill: TableFill = 'ctas',
): Plan {
  const beside = besideRelation(relation);
  const swapped = dialect.swapIn(beside, relation, existing?.kind);
  const create =
    fill === 'ctas'
      ? dialect.createTableAs(beside, sql, false, options)
      : dialect.createEmptyTable(beside, fill.columns, false, options);
  return {
    prepare: [dialect.createSchema(relation), create],
    swap: [
      ...(fill === 'ctas' ? [] : [`insert into ${dialect.relation(beside)}\n${sql}`]),
      ...swapped.swap,
      ...dialect.grants(relation, 'table', options.grants ?? {}),
    ],
    cleanup: swapped.cleanup,
  };
}
