/**
 * What every model materialization starts from: the node's compiled SQL (diagnostics thrown) and its
 * build options. Its own module so the materializations that share them need not import each other.
 */
import type { ModelNode } from '../core/nodes.js';
import { configStrings } from '../core/config.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { BuildOptions } from '../materializations/relation-plan.js';
import type { RunContext } from './run-context.js';

/** The model's SQL, `is_incremental` (and a microbatch window) known; throws the compile's diagnostics. */
export function compileOrThrow(
  ctx: RunContext,
  node: ModelNode,
  isIncremental: boolean,
  window?: { readonly start: Date; readonly end: Date },
): string {
  const before = ctx.compiler.diagnostics.length;
  const sql = ctx.compiler.compile(node.id, isIncremental, window);
  if (sql === undefined) throw new ForgeError(ctx.compiler.diagnostics.slice(before));
  return sql;
}

/** `cluster_by`, `transient` and `grants` from a node's config. */
export function buildOptions(node: Pick<ModelNode, 'config'>): BuildOptions {
  const clusterBy = configStrings(node.config, 'cluster_by');
  const transient = node.config['transient'];
  const grants = node.config['grants'];
  return {
    ...(clusterBy.length > 0 ? { clusterBy } : {}),
    ...(typeof transient === 'boolean' ? { transient } : {}),
    ...(typeof grants === 'object' && grants !== null && !Array.isArray(grants)
      ? {
          grants: Object.fromEntries(
            Object.entries(grants).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)]),
          ),
        }
      : {}),
  };
}
