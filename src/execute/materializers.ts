/**
 * Builds one model by its materialization, decided at parse time: describe what exists, compile
 * (with `is_incremental` known), plan, run. One materializer per kind — the registry's type makes
 * a kind without one a compile error. Throws on failure (the caller turns it into an error result;
 * the previous relation is intact).
 */
import type { Connection } from '../adapters/adapter.js';
import type { MaterializationKind, MaterializationOf } from '../core/materialization.js';
import type { ModelNode } from '../core/nodes.js';
import { buildIncremental } from './materialize-incremental.js';
import { materializeDynamic } from './materialize-dynamic.js';
import { materializeMicrobatch } from './materialize-microbatch.js';
import { buildTable, buildView } from './materialize-model.js';
import { materializeSnapshot } from './materialize-snapshot.js';
import type { NodeOutcome, RunContext } from './run-context.js';

type Materializer<K extends MaterializationKind> = (
  ctx: RunContext,
  node: ModelNode,
  materialization: MaterializationOf<K>,
  connection: Connection,
) => Promise<NodeOutcome>;

/** A dynamic table where the dialect has them; elsewhere a table, with a note once per run. */
const buildDynamic: Materializer<'dynamic_table'> = (ctx, node, { native }, connection) => {
  const { dialect } = ctx.warehouse;
  if (native && dialect.dynamicTable)
    return materializeDynamic(ctx, node, connection, dialect.dynamicTable, native);
  if (!ctx.loggedOnce.has('dynamic_table')) {
    ctx.loggedOnce.add('dynamic_table');
    ctx.events({
      type: 'info',
      message: `note: dynamic_table builds as a table on ${dialect.type} (refreshed by each build)`,
    });
  }
  return buildTable(ctx, node, connection, 'dynamic table (as table)');
};

const MATERIALIZERS: { readonly [K in MaterializationKind]: Materializer<K> } = {
  ephemeral: () => Promise.resolve({ what: 'ephemeral (inlined where referenced)' }),
  view: (ctx, node, _view, connection) => buildView(ctx, node, connection),
  table: (ctx, node, _table, connection) => buildTable(ctx, node, connection, 'table'),
  dynamic_table: buildDynamic,
  incremental: (ctx, node, { config }, connection) => buildIncremental(ctx, node, connection, config),
  microbatch: (ctx, node, { config }, connection) => materializeMicrobatch(ctx, node, connection, config),
  snapshot: (ctx, node, { config }, connection) => materializeSnapshot(ctx, node, connection, config),
};

function materializeAs<K extends MaterializationKind>(
  ctx: RunContext,
  node: ModelNode,
  materialization: MaterializationOf<K>,
  connection: Connection,
): Promise<NodeOutcome> {
  const materializer: Materializer<K> = MATERIALIZERS[materialization.kind];
  return materializer(ctx, node, materialization, connection);
}

export function materializeModel(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
): Promise<NodeOutcome> {
  return materializeAs(ctx, node, node.materialization, connection);
}
