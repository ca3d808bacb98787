/**
 * `state:new` and `state:modified[.part]`: the current project's nodes against a saved state.
 * A node is modified when any part of it changed (body, configs, macros, vars, contract) or when a
 * parent's enforced contract changed (`upstream_contract`): its input's shape moved under it.
 */
import type { NodeId } from '../core/ids.js';
import { dependenciesOf } from '../core/nodes.js';
import type { Manifest } from '../parser/manifest.js';
import { nodeParts, PART_NAMES, type PartName } from '../parser/node-fingerprint.js';
import type { SavedState } from './state-file.js';

export interface StateComparison {
  isNew(id: NodeId): boolean;
  /** `part` undefined: modified in any way (new nodes included, as dbt does). */
  isModified(id: NodeId, part?: PartName | 'upstream_contract'): boolean;
}

export function compareState(manifest: Manifest, state: SavedState): StateComparison {
  const current = nodeParts(manifest);
  const changed = (id: NodeId, part: PartName): boolean => {
    const before = state.nodes[id]?.parts[part];
    return before !== undefined && before !== current.get(id)?.[part];
  };
  const upstreamContract = (id: NodeId): boolean => {
    const node = manifest.nodes.get(id);
    return node !== undefined && dependenciesOf(node).some((parent) => changed(parent, 'contract'));
  };
  const isNew = (id: NodeId): boolean => manifest.nodes.has(id) && state.nodes[id] === undefined;
  return {
    isNew,
    isModified: (id, part) => {
      if (part === 'upstream_contract') return upstreamContract(id);
      if (part !== undefined) return changed(id, part);
      return isNew(id) || PART_NAMES.some((p) => changed(id, p)) || upstreamContract(id);
    },
  };
}
