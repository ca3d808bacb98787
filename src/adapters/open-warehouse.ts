/** Opens the target's warehouse. Drivers are imported lazily: compiling never loads one. */
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { Target } from '../project/targets.js';
import type { Warehouse } from './adapter.js';

export interface OpenOptions {
  /** DuckDB files to attach read-only (the state's file under `--defer`). */
  readonly attach?: readonly { readonly path: string; readonly alias: string }[];
}

export async function openWarehouse(target: Target, options: OpenOptions = {}): Promise<Warehouse> {
  switch (target.type) {
    case 'duckdb': {
      const { openDuckdb, DUCKDB_TARGET_SETTINGS } = await import('./duckdb/duckdb-connection.js');
      const settings = Object.fromEntries(DUCKDB_TARGET_SETTINGS.filter((k) => target.settings[k] !== undefined).map((k) => [k, String(target.settings[k])]));
      return openDuckdb(target.path ?? '.forge/forge.duckdb', target.database, settings, options.attach);
    }
    case 'snowflake':
      throw ForgeError.of(Codes.warehouseOpen, `target "${target.name}" is Snowflake, whose adapter is not built yet`,
        undefined, 'build on the DuckDB target (the default) for now');
  }
}
