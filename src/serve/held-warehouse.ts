/**
 * The server's warehouse between requests: opened (read-only, for an existing DuckDB file) by the
 * first request of a burst, kept while requests keep coming, closed `idleMs` after the last one — so a
 * burst pays one open, and builds go on between bursts. A process waiting for the file
 * (`<file>.waiting.json`, see adapters/duckdb/duckdb-lock-wait.ts) makes it let go as soon as the
 * running requests end; requests meanwhile are refused with FRG2001 (a 503) instead of starving it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { openWarehouse } from '../adapters/open-warehouse.js';
import { livePid, serveMarker, waitingMarker } from '../adapters/duckdb/duckdb-lock-wait.js';
import type { Connection, Warehouse } from '../adapters/adapter.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { Target } from '../project/targets.js';

interface HeldWarehouse {
  /** Runs `work` on a connection of the held warehouse, opening it if needed. */
  use<T>(target: Target, work: (connection: Connection, warehouse: Warehouse) => Promise<T>): Promise<T>;
  /** Closes the warehouse and removes the server's marker. */
  close(): Promise<void>;
}

const duckdbFile = (target: Target): string | undefined =>
  target.type === 'duckdb' ? (target.path ?? '.forge/forge.duckdb') : undefined;

/** Whether another process waits for this target's DuckDB file. */
function someoneWaits(target: Target): boolean {
  const file = duckdbFile(target);
  return file !== undefined && livePid(waitingMarker(file)) !== undefined;
}

/** `idleMs` 0 closes after every request (FORGE_SERVE_CACHE=0: the bench's baseline). */
export function holdWarehouse(idleMs: number): HeldWarehouse {
  let held: { key: string; warehouse: Promise<Warehouse> } | undefined;
  let marker: string | undefined;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  let closing: Promise<void> = Promise.resolve();

  const release = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const last = held;
    held = undefined;
    if (last) closing = closing.then(() => last.warehouse.then((w) => w.close())).catch(() => undefined);
  };

  const open = async (target: Target): Promise<Warehouse> => {
    const key = JSON.stringify(target);
    if (held && held.key !== key && active === 0) release();
    await closing;
    if (!held) {
      const file = duckdbFile(target);
      // synchronous: no await between seeing no warehouse and holding the one being opened (two
      // requests at once must not open two instances of one file in this process)
      if (file && marker !== file) {
        marker = file;
        writeFileSync(serveMarker(file), JSON.stringify({ pid: process.pid }));
      }
      const warehouse = openWarehouse(target, {
        threads: 1,
        ...(file && existsSync(file) ? { readOnly: true } : {}),
      });
      const opening = { key, warehouse };
      held = opening;
      warehouse.catch(() => {
        if (held === opening) held = undefined;
      });
    }
    return held.warehouse;
  };

  return {
    async use(target, work) {
      if (timer) clearTimeout(timer);
      if (someoneWaits(target)) {
        if (active === 0) release();
        throw ForgeError.of(
          Codes.warehouseLocked,
          'a build is waiting for the warehouse, so this request was not answered',
          undefined,
          'reload in a moment: the dashboard reads again once the build is done',
        );
      }
      active += 1;
      try {
        const warehouse = await open(target);
        const connection = await warehouse.connect();
        try {
          return await work(connection, warehouse);
        } finally {
          connection.release();
        }
      } finally {
        active -= 1;
        if (active === 0) {
          if (idleMs <= 0 || someoneWaits(target)) release();
          else timer = setTimeout(release, idleMs);
        }
      }
    },
    async close() {
      release();
      await closing;
      if (marker) await rm(serveMarker(marker), { force: true });
    },
  };
}
