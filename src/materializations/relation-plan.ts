/**
 * Pure planners for views and tables: the statements to run, split into what runs before (building
 * beside the live relation) and what swaps it in, in one transaction. A failure before the swap
 * leaves the previous relation untouched; the swap itself commits whole or not at all.
 */
import type { Relation } from '../core/relation.js';
import type { Dialect, RelationState } from '../adapters/adapter.js';

export interface Plan {
  /** Statements outside the swap (schema, building beside). */
  readonly prepare: readonly string[];
  /** Statements run in one transaction. */
  readonly swap: readonly string[];
  /** Statements after the swap (cleanup); failures here do not fail the node. */
  readonly cleanup: readonly string[];
}

export function besideRelation(relation: Relation, suffix = '__forge_tmp'): Relation {
  return { ...relation, identifier: `${relation.identifier}${suffix}` };
}

export function planView(dialect: Dialect, relation: Relation, sql: string, existing: RelationState | undefined): Plan {
  const swap = existing?.kind === 'table'
    ? [dialect.drop(relation, 'table'), dialect.createView(relation, sql)]
    : [dialect.createView(relation, sql)];
  return { prepare: [dialect.createSchema(relation)], swap, cleanup: [] };
}

/** Build the new table beside the old, then swap it in (dialect.swapIn: atomically on both warehouses). */
export function planTable(dialect: Dialect, relation: Relation, sql: string, existing: RelationState | undefined): Plan {
  const beside = besideRelation(relation);
  return { prepare: [dialect.createSchema(relation), dialect.createTableAs(beside, sql)], ...dialect.swapIn(beside, relation, existing?.kind) };
}
