/**
 * Resolves every `ref` and `source` to a node id. Unknown names are located errors with a
 * did-you-mean; a ref to a disabled node says so.
 */
import type { NodeId } from '../core/ids.js';
import { REFERABLE, type ForgeNode, type TemplateFacts } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';

export interface RefIndex {
  readonly byName: ReadonlyMap<string, NodeId>;
  readonly disabledNames: ReadonlySet<string>;
  readonly sources: ReadonlyMap<string, NodeId>;
}

export function buildRefIndex(nodes: Iterable<ForgeNode>, disabled: Iterable<ForgeNode>): RefIndex {
  const byName = new Map<string, NodeId>();
  const sources = new Map<string, NodeId>();
  for (const node of nodes) {
    if (REFERABLE.has(node.resourceType)) byName.set(node.name, node.id);
    if (node.resourceType === 'source') sources.set(`${node.sourceName}.${node.tableName}`, node.id);
  }
  const disabledNames = new Set<string>();
  for (const node of disabled) disabledNames.add(node.name);
  return { byName, disabledNames, sources };
}

/** The ids a template depends on, in first-use order, plus diagnostics for what did not resolve. */
export function resolveDependencies(
  facts: TemplateFacts,
  index: RefIndex,
): { dependsOn: NodeId[]; diagnostics: Diagnostic[] } {
  const dependsOn = new Set<NodeId>();
  const diagnostics: Diagnostic[] = [];
  for (const ref of facts.refs) {
    const id = index.byName.get(ref.name);
    if (id) dependsOn.add(id);
    else if (index.disabledNames.has(ref.name)) {
      diagnostics.push(
        diagnostic(
          Codes.nodeDisabled,
          `ref "${ref.name}" points at a disabled node`,
          ref.location,
          'enable it, or disable this model too',
        ),
      );
    } else {
      diagnostics.push(
        diagnostic(
          Codes.refNotFound,
          `ref "${ref.name}" not found${didYouMean(ref.name, index.byName.keys())}`,
          ref.location,
          'a ref names a model, seed, snapshot or ml node of this project',
        ),
      );
    }
  }
  for (const source of facts.sources) {
    const key = `${source.source}.${source.table}`;
    const id = index.sources.get(key);
    if (id) dependsOn.add(id);
    else {
      diagnostics.push(
        diagnostic(
          Codes.sourceNotFound,
          `source "${source.source}" "${source.table}" not found` + didYouMean(key, index.sources.keys()),
          source.location,
          'declare it under sources: in a YAML file beside the models',
        ),
      );
    }
  }
  return { dependsOn: [...dependsOn], diagnostics };
}
