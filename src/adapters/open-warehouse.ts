/** Opens the target's warehouse. Drivers are imported lazily: compiling never loads one. */
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { Target } from '../project/targets.js';
import type { Warehouse } from './adapter.js';

export async function openWarehouse(target: Target): Promise<Warehouse> {
  switch (target.type) {
    case 'duckdb': {
      const { openDuckdb } = await import('./duckdb/duckdb-connection.js');
      return openDuckdb(target.path ?? '.forge/forge.duckdb', target.database);
    }
    case 'snowflake':
      throw ForgeError.of(Codes.warehouseOpen, `target "${target.name}" is Snowflake, whose adapter is not built yet`,
        undefined, 'build on the DuckDB target (the default) for now');
  }
}
