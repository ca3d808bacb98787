/**
 * A `dynamic_table` model on a warehouse that has them (Snowflake): read what exists (SHOW DYNAMIC
 * TABLES), plan with materializations/dynamic-table-plan.ts, run only what the plan says. An
 * unchanged dynamic table issues no DDL at all.
 */
import type { Connection } from '../adapters/adapter.js';
import type { DynamicTableConfig } from '../core/materialization.js';
import type { ModelNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { planDynamicTable, type DynamicTableState } from '../materializations/dynamic-table-plan.js';
import type { DynamicTableSql } from '../core/object-sql.js';
import { buildOptions, compileOrThrow } from './model-sql.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runStatements } from './run-plan.js';

/** What holds the name (describe tells a dynamic table apart), and a dynamic table's settings from SHOW DYNAMIC TABLES. */
async function currentState(
  ddl: DynamicTableSql,
  node: ModelNode,
  connection: Connection,
): Promise<DynamicTableState | undefined> {
  const existing = await connection.describe(node.relation);
  if (existing?.kind !== 'dynamic_table') return existing ? { kind: existing.kind } : undefined;
  const shown = (await connection.query(ddl.show(node.relation))).rows.find(
    (r) => String(r['name']).toLowerCase() === node.relation.identifier.toLowerCase(),
  );
  return {
    kind: 'dynamic',
    targetLag: String(shown?.['target_lag'] ?? ''),
    warehouse: String(shown?.['warehouse'] ?? ''),
    refreshMode: String(shown?.['refresh_mode'] ?? ''),
    comment: String(shown?.['comment'] ?? ''),
  };
}

export async function materializeDynamic(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  ddl: DynamicTableSql,
  config: DynamicTableConfig,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const sql = compileOrThrow(ctx, node, false);
  const plan = planDynamicTable(ddl, node.relation, sql, config, await currentState(ddl, node, connection));
  const what = `dynamic table ${dialect.relation(node.relation)}`;
  if (plan.action === 'fail') {
    throw ForgeError.of(
      Codes.dynamicTableChanged,
      `${what}: ${plan.why}`,
      { file: node.file },
      'set on_configuration_change to apply (or continue), or change it back',
    );
  }
  if (plan.action === 'kept') ctx.events({ type: 'info', message: `${node.name}: ${plan.why}` });
  // CREATE OR REPLACE drops the old object's grants: the declared ones are granted again on every create or replace
  const grants =
    plan.action === 'create' || plan.action === 'replace'
      ? dialect.grants(node.relation, 'dynamic table', buildOptions(node).grants ?? {})
      : [];
  if (plan.statements.length > 0)
    await runStatements(connection, [dialect.createSchema(node.relation), ...plan.statements, ...grants]);
  return {
    what: `${what} (${plan.action === 'create' || plan.action === 'replace' ? `${plan.action}d` : plan.action === 'alter' ? 'altered' : plan.action}${plan.action === 'unchanged' ? '' : `: ${plan.why}`})`,
    sql,
  };
}
