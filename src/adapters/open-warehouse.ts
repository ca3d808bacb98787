/** Opens the target's warehouse. Drivers are imported lazily: compiling never loads one. */
import type { Target } from '../project/targets.js';
import type { Warehouse } from './adapter.js';

export interface OpenOptions {
  /** DuckDB files to attach read-only (the state's file under `--defer`). */
  readonly attach?: readonly { readonly path: string; readonly alias: string }[];
  /** Sessions to keep (Snowflake): the run's threads. */
  readonly threads?: number;
}

export async function openWarehouse(target: Target, options: OpenOptions = {}): Promise<Warehouse> {
  switch (target.type) {
    case 'duckdb': {
      const { openDuckdb, DUCKDB_TARGET_SETTINGS } = await import('./duckdb/duckdb-connection.js');
      const settings = Object.fromEntries(DUCKDB_TARGET_SETTINGS.filter((k) => target.settings[k] !== undefined).map((k) => [k, String(target.settings[k])]));
      return openDuckdb(target.path ?? '.forge/forge.duckdb', target.database, settings, options.attach);
    }
    case 'snowflake': {
      const { openSnowflake } = await import('./snowflake/snowflake-connection.js');
      return openSnowflake(target, options.threads ?? target.threads);
    }
  }
}
