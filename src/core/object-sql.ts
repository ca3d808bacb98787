/**
 * The SQL a dialect writes for Snowflake's dynamic tables and tasks: the contract between the pure
 * planners (materializations/dynamic-table-plan.ts, deploy/task-graph.ts) and the dialects in adapters/.
 */
import type { DynamicTableConfig } from './materialization.js';
import type { Relation } from './relation.js';

/** The SQL a warehouse with dynamic tables writes for them. */
export interface DynamicTableSql {
  create(relation: Relation, sql: string, config: DynamicTableConfig, comment: string): string;
  set(relation: Relation, changes: { readonly targetLag?: string; readonly warehouse?: string }): string;
  refresh(relation: Relation): string;
  /** A query listing the dynamic table (columns name, target_lag, warehouse, refresh_mode, comment). */
  show(relation: Relation): string;
  drop(relation: Relation, kind: 'table' | 'view'): string;
}

export interface TaskSpec {
  /** Unqualified, upper case: FORGE_<PROJECT>__<MODEL> (see taskPrefix). */
  readonly name: string;
  readonly after: readonly string[];
  readonly schedule?: string;
  readonly when?: string;
  readonly warehouse: string;
  readonly body: string;
}

export interface TaskSql {
  create(schema: string, task: TaskSpec, comment: string): string;
  drop(schema: string, name: string): string;
  suspend(schema: string, name: string): string;
  /** Resumes the root and every task depending on it. */
  enableGraph(schema: string, root: string): string;
  show(schema: string, prefix: string): string;
  history(schema: string, prefix: string, limit: number): string;
}
