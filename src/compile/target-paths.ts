/** Where Forge writes inside the project: target/, and each node's compiled SQL file in it. */
import type { NodeId } from '../core/ids.js';
import type { Manifest } from '../parser/manifest.js';

export const TARGET_DIR = 'target';

/** Where a node's compiled SQL goes, relative to the project: target/compiled/<project>/<file>/<name>.sql for YAML tests and ML nodes (their training query). */
export function compiledPathOf(manifest: Manifest, id: NodeId): string | undefined {
  const node = manifest.nodes.get(id);
  if (!node) return undefined;
  const base = `${TARGET_DIR}/compiled/${manifest.project.name}`;
  if ((node.resourceType === 'test' && node.testKind === 'generic') || node.resourceType === 'ml')
    return `${base}/${node.file}/${node.name}.sql`;
  return `${base}/${node.file}`;
}
