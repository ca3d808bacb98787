/** Opens the target's warehouse. Drivers are imported lazily: compiling never loads one. */
import type { Target } from '../project/targets.js';
import type { Connection, Warehouse } from './adapter.js';

interface OpenOptions {
  /** DuckDB files to attach read-only (the state's file under `--defer`). */
  readonly attach?: readonly { readonly path: string; readonly alias: string }[];
  /** Sessions to keep (Snowflake): the run's threads. */
  readonly threads?: number;
  /** DuckDB: open the file read-only (the dashboard's reads); default read-write. */
  readonly readOnly?: boolean;
  /** DuckDB: told once when the open waits for `forge serve` to let go of the file (duckdb-lock-wait.ts). */
  readonly onWait?: (message: string) => void;
}

export async function openWarehouse(target: Target, options: OpenOptions = {}): Promise<Warehouse> {
  switch (target.type) {
    case 'duckdb': {
      const { openDuckdb, DUCKDB_TARGET_SETTINGS } = await import('./duckdb/duckdb-connection.js');
      const settings = Object.fromEntries(
        DUCKDB_TARGET_SETTINGS.filter((k) => target.settings[k] !== undefined).map((k) => [
          k,
          String(target.settings[k]),
        ]),
      );
      return openDuckdb(target.path ?? '.forge/forge.duckdb', target.database, settings, options.attach, {
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(options.onWait ? { onWait: options.onWait } : {}),
      });
    }
    case 'snowflake': {
      const { openSnowflake } = await import('./snowflake/snowflake-connection.js');
      return openSnowflake(target, options.threads ?? target.threads);
    }
  }
}

/**
 * One connection for a short job (a report, the catalog, a dashboard request): `shared`, a warehouse
 * this process already holds, is used and left open; otherwise one is opened and closed around `work`.
 */
export async function withConnection<T>(
  target: Target,
  work: (connection: Connection, warehouse: Warehouse) => Promise<T>,
  options: OpenOptions & { readonly shared?: Warehouse | undefined } = {},
): Promise<T> {
  const warehouse = options.shared ?? (await openWarehouse(target, { threads: 1, ...options }));
  try {
    const connection = await warehouse.connect();
    try {
      return await work(connection, warehouse);
    } finally {
      connection.release();
    }
  } finally {
    if (!options.shared) await warehouse.close();
  }
}
