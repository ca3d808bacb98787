/** target/catalog.json in dbt's catalog v1 shape (what dbt's `docs generate` writes): columns and types per relation. */
import { isModelOf } from '../core/materialization.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Column } from '../adapters/adapter.js';
import { TARGET_DIR } from '../compile/target-paths.js';
import { FORGE_VERSION } from '../core/version.js';
import type { NodeId } from '../core/ids.js';
import { isRelationNode } from '../core/nodes.js';
import type { Manifest } from '../parser/manifest.js';

const CATALOG_SCHEMA = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

function catalogJson(
  manifest: Manifest,
  catalog: ReadonlyMap<NodeId, readonly Column[]>,
  generatedAt: string,
): object {
  const nodes: Record<string, object> = {};
  const sources: Record<string, object> = {};
  for (const [id, columns] of catalog) {
    const node = manifest.nodes.get(id);
    if (!node || !isRelationNode(node)) continue;
    const entry = {
      unique_id: id,
      metadata: {
        type: isModelOf(node, 'view') ? 'VIEW' : 'BASE TABLE',
        schema: node.relation.schema,
        name: node.relation.identifier,
        database: node.relation.database,
        comment: null,
        owner: null,
      },
      columns: Object.fromEntries(
        columns.map((c, i) => [c.name, { type: c.type, index: i + 1, name: c.name, comment: null }]),
      ),
      stats: {},
    };
    (node.resourceType === 'source' ? sources : nodes)[id] = entry;
  }
  return {
    metadata: {
      dbt_schema_version: CATALOG_SCHEMA,
      dbt_version: `forge-${FORGE_VERSION}`,
      generated_at: generatedAt,
      invocation_id: null,
      env: {},
    },
    nodes,
    sources,
    errors: null,
  };
}

export async function writeCatalogJson(
  manifest: Manifest,
  catalog: ReadonlyMap<NodeId, readonly Column[]>,
  generatedAt: string,
): Promise<string> {
  const file = path.join(manifest.projectDir, TARGET_DIR, 'catalog.json');
  // A fresh or cleaned project has no target/ yet.
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(catalogJson(manifest, catalog, generatedAt)));
  return file;
}
