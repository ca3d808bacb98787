/** The selection grammar in the browser: the very parser and evaluator the CLI uses. */
import type { NodeId } from '../../src/core/ids.js';
import type { ForgeNode } from '../../src/core/nodes.js';
import { Dag } from '../../src/graph/dag.js';
import { evaluateSelection } from '../../src/select/selector-eval.js';
import { parseSelection } from '../../src/select/selector-parse.js';
import type { DocsNode } from './types.js';

export function selector(
  nodes: readonly DocsNode[],
  project: string,
): (text: string) => { ids?: Set<string>; error?: string } {
  const asNodes = new Map<NodeId, ForgeNode>(
    nodes.map((n) => [n.id as NodeId, { ...n, dependsOn: n.parents } as unknown as ForgeNode]),
  );
  const dag = new Dag(nodes.map((n) => ({ id: n.id as NodeId, parents: n.parents as NodeId[] })));
  return (text) => {
    const words = text.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return {};
    const { expr, diagnostics } = parseSelection(words, []);
    if (!expr) return { error: diagnostics.map((d) => d.message).join('; ') };
    return { ids: evaluateSelection(expr, { nodes: asNodes, dag, projectName: project }, 'none') };
  };
}
