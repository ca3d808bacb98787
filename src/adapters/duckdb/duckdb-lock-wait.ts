/**
 * Waiting for a DuckDB file that `forge serve` reads. The server holds the file only while requests
 * come (read-only, closed shortly after the last one) and says so in `<file>.serve.json`. A process
 * that finds the file locked by that server writes `<file>.waiting.json`; the server lets go as soon
 * as its running requests end and answers new ones 503 until the waiter has the file. The wait is
 * bounded (10 s) and only for a lock held by a live server: any other holder is an immediate FRG2001.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export const serveMarker = (file: string): string => `${file}.serve.json`;
export const waitingMarker = (file: string): string => `${file}.waiting.json`;

/** How long a process waits for a serving process to let go of the file. */
const SERVE_LOCK_WAIT_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID a marker file names, when that process is alive and is not this one. */
export function livePid(marker: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(marker, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid !== process.pid && alive(pid)
      ? pid
      : undefined;
  } catch {
    return undefined;
  }
}

/** The serving process holding the lock a DuckDB error reports (its PID, when DuckDB names one, must match). */
function servingHolder(file: string, message: string): number | undefined {
  if (!/lock/i.test(message)) return undefined;
  const server = livePid(serveMarker(file));
  const pid = /PID (\d+)/.exec(message)?.[1];
  return server !== undefined && (pid === undefined || Number(pid) === server) ? server : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `open()`, retried with backoff while a live `forge serve` holds the file; `onWait` hears about it once. */
export async function openWaitingForServe<T>(
  file: string,
  open: () => Promise<T>,
  onWait?: (message: string) => void,
  budgetMs = SERVE_LOCK_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  let delay = 20;
  let waited = false;
  try {
    for (;;) {
      try {
        return await open();
      } catch (error) {
        const server = servingHolder(file, error instanceof Error ? error.message : String(error));
        if (server === undefined || Date.now() + delay > deadline) throw error;
        // rewritten when missing: another waiter that got the file first removed it
        if (!existsSync(waitingMarker(file)))
          writeFileSync(waitingMarker(file), JSON.stringify({ pid: process.pid }));
        if (!waited) onWait?.(`waiting for the warehouse lock held by forge serve (PID ${server})…`);
        waited = true;
        await sleep(delay);
        delay = Math.min(delay * 1.5, 250);
      }
    }
  } finally {
    if (waited && livePid(waitingMarker(file)) === undefined) rmSync(waitingMarker(file), { force: true });
  }
}
