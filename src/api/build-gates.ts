/** Which tests must pass before a node of a build runs. */
import type { NodeId } from '../core/ids.js';
import type { Dag } from '../graph/dag.js';
import type { Manifest } from '../parser/manifest.js';

/**
 * Build gating: a node waits for its parents and for the generic tests attached to them, so a
 * failing error-severity test skips the tested node's dependants; a model waits for its unit tests
 * (as in dbt: a model whose logic is wrong is not built). Singular tests gate nothing (they
 * are reported, counted and fail the run): one reading several nodes would otherwise, when any of
 * them failed and it was skipped, skip the dependants of all the others too.
 */
export function gatesOf(manifest: Manifest, dag: Dag, ids: readonly NodeId[]): (id: NodeId) => NodeId[] {
  const gates = new Map<NodeId, NodeId[]>();
  const unitGates = new Map<NodeId, NodeId[]>();
  for (const id of ids) {
    const node = manifest.nodes.get(id);
    if (node?.resourceType === 'unit_test')
      unitGates.set(node.attachedTo, [...(unitGates.get(node.attachedTo) ?? []), id]);
    if (node?.resourceType !== 'test') continue;
    if (node.attachedTo) gates.set(node.attachedTo, [...(gates.get(node.attachedTo) ?? []), id]);
  }
  return (id) => {
    const type = manifest.nodes.get(id)?.resourceType;
    if (type === 'test' || type === 'unit_test') return [];
    // A test that itself reads this node cannot gate it. A model's own unit tests gate it (they read nothing built).
    return [
      ...dag
        .parents(id)
        .flatMap((p) => gates.get(p) ?? [])
        .filter((test) => !dag.ancestors(test).has(id)),
      ...(unitGates.get(id) ?? []),
    ];
  };
}
