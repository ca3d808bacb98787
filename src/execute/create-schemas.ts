/**
 * Creates every schema a run writes to (and the load-history table of loaded sources, and the ML
 * registry), one at a time, before any thread starts: DuckDB reports a write-write conflict when two
 * connections create the same catalog entry at once. A schema the warehouse refuses is reported at
 * the place it was configured (the project.yml key, the YAML properties line), not only by name.
 */
import type { Warehouse } from '../adapters/adapter.js';
import {
  isRelationNode,
  type ForgeNode,
  type MlNode,
  type ModelNode,
  type SeedNode,
  type SourceNode,
} from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { WarehouseError } from '../errors/warehouse-error.js';
import { Registry } from './ml/registry.js';
import { createHistorySql } from './load-history.js';

export async function createSchemas(warehouse: Warehouse, nodes: readonly ForgeNode[]): Promise<void> {
  const connection = await warehouse.connect();
  try {
    const seen = new Set<string>();
    for (const node of nodes) {
      if (!isRelationNode(node) || (node.resourceType === 'source' && !node.external && !node.streamOf))
        continue;
      const key = `${node.relation.database}.${node.relation.schema}`.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      await connection.execute(warehouse.dialect.createSchema(node.relation)).catch((error: unknown) => {
        throw schemaFailure(node, error);
      });
      if (node.resourceType === 'source' && node.external)
        await connection.execute(createHistorySql(warehouse.dialect, node));
      if (node.resourceType === 'ml') await new Registry(connection, warehouse.dialect, node).ensure();
    }
  } finally {
    connection.release();
  }
}

/** FRG2003 at the schema's configured place (else its database's, else the node's file), with the warehouse's hint. */
function schemaFailure(node: ModelNode | SeedNode | SourceNode | MlNode, error: unknown): ForgeError {
  const at = node.relationOrigin?.schema ?? node.relationOrigin?.database ?? { file: node.file };
  const message = error instanceof Error ? error.message : String(error);
  const { database, schema } = node.relation;
  return ForgeError.of(
    Codes.statementFailed,
    `could not create schema ${database}.${schema} (for ${node.name}): ${message}`,
    at,
    error instanceof WarehouseError && error.hint
      ? error.hint
      : 'check the schema name, and that the role can create schemas in the target database',
  );
}
