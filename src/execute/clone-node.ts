/**
 * `forge clone`: a selected model or seed made from its relation in the state's target — tables
 * cloned (zero-copy on Snowflake, copied on DuckDB), views recreated over the state's relation — so
 * CI starts from production's tables (incremental models then build incrementally). A relation that
 * already exists in the current target is kept unless `--full-refresh`, as dbt does.
 */
import type { Connection } from '../adapters/adapter.js';
import type { ModelNode, SeedNode } from '../core/nodes.js';
import type { NodeOutcome, RunContext } from './run-context.js';

export async function cloneNode(
  ctx: RunContext,
  node: ModelNode | SeedNode,
  connection: Connection,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const from = ctx.cloneFrom?.get(node.id);
  const here = dialect.relation(node.relation);
  if (!from) return { what: `clone ${here}: not in the state, nothing to clone` };
  const source = await connection.describe(from);
  if (!source)
    return { what: `clone ${here}: ${dialect.relation(from)} does not exist in the state's target` };
  if (!ctx.fullRefresh && (await connection.describe(node.relation)))
    return { what: `clone ${here}: exists, kept (--full-refresh replaces it)` };
  const sql =
    source.kind === 'view'
      ? dialect.createView(node.relation, `select * from ${dialect.relation(from)}`)
      : dialect.cloneTable(node.relation, from);
  await connection.execute(sql);
  return { what: `clone ${here} ← ${dialect.relation(from)} (${source.kind})`, sql };
}
