/** Watch mode's warehouse: held open for the session's life, and the holder file that names the process holding it. */
import { rm, writeFile } from 'node:fs/promises';
import { openWarehouse } from '../adapters/open-warehouse.js';
import { holderFile } from '../adapters/duckdb/duckdb-connection.js';
import type { Warehouse } from '../adapters/adapter.js';
import type { Manifest } from '../parser/manifest.js';

/** The warehouse a session holds for its life, opened at the first build, and the holder file that names it. */
export class HeldWarehouse {
  /** Manifests already written to target/ (a relayed run need not write the same one again). */
  readonly written = new WeakSet<Manifest>();
  private holder: string | undefined;
  private marked = false;

  constructor(private current: Warehouse | undefined) {}

  /** Undefined until opened (when the caller did not open it first). */
  get warehouse(): Warehouse | undefined {
    return this.current;
  }

  async open(manifest: Manifest, command: string): Promise<Warehouse> {
    this.current ??= await openWarehouse(manifest.target);
    if (!this.marked) {
      this.marked = true;
      this.holder = await markHolder(manifest, command);
    }
    return this.current;
  }

  async close(): Promise<void> {
    await this.current?.close();
    if (this.holder) await rm(this.holder, { force: true });
  }
}

/** Tells other commands who holds the DuckDB file (see duckdb-connection.ts holderFile). */
async function markHolder(manifest: Manifest, command: string): Promise<string | undefined> {
  if (manifest.target.type !== 'duckdb' || !manifest.target.path) return undefined;
  const file = holderFile(manifest.target.path);
  await writeFile(
    file,
    JSON.stringify({
      command: `forge ${command} --watch`,
      pid: process.pid,
      since: new Date().toISOString().slice(0, 19).replace('T', ' '),
    }),
  );
  return file;
}
