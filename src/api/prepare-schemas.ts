/** Before a run: the schemas its nodes build into, created where missing. */
import type { Warehouse } from '../adapters/adapter.js';
import type { ForgeNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError, type Diagnostic } from '../errors/diagnostic.js';
import { WarehouseError } from '../errors/warehouse-error.js';
import { createSchemas } from '../execute/create-schemas.js';

/** Undefined when every schema is there; otherwise why not, for the run's diagnostics (nothing runs). */
export async function prepareSchemas(
  warehouse: Warehouse,
  nodes: readonly ForgeNode[],
): Promise<readonly Diagnostic[] | undefined> {
  try {
    await createSchemas(warehouse, nodes);
    return undefined;
  } catch (error) {
    if (error instanceof ForgeError) return error.diagnostics;
    const message = error instanceof Error ? error.message : String(error);
    return [
      diagnostic(
        Codes.statementFailed,
        `could not prepare the target's schemas: ${message}`,
        undefined,
        error instanceof WarehouseError && error.hint
          ? error.hint
          : 'check the role can create schemas in the target database',
      ),
    ];
  }
}
