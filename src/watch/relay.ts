/**
 * Commands through a running watcher. Watch mode holds its DuckDB file for its whole life, so another
 * `forge build|run|test|seed|snapshot` on the same project sends its selection over a local socket
 * (`<db file>.watch.sock`) and the watcher runs it on the graph and warehouse it already holds — no
 * parse, no DuckDB open — streaming the events back. One JSON line each way per event.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import type { RunOptions } from '../api/build.js';
import type { Selection } from '../api/forge.js';
import type { EventSink, ForgeEvent } from '../report/events.js';
import type { WatchSession } from './watch-session.js';
import { holderFile } from '../adapters/duckdb/duckdb-connection.js';

export const socketPath = (databaseFile: string): string => `${databaseFile}.watch.sock`;

interface RelayRequest {
  readonly selection: Selection;
  readonly run: RunOptions;
}

/** The watcher's side: answers requests until closed. */
export async function listenForCommands(databaseFile: string, session: WatchSession): Promise<{ close(): Promise<void> }> {
  const file = socketPath(databaseFile);
  await rm(file, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      const request = JSON.parse(buffer.slice(0, end)) as RelayRequest;
      const send = (event: ForgeEvent): void => { if (!socket.destroyed) socket.write(`${JSON.stringify({ event })}\n`); };
      void session.runThrough(request.selection, request.run, send).then((code) => socket.end(`${JSON.stringify({ code })}\n`));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(file, resolve); });
  return { close: async () => { await new Promise<void>((resolve) => server.close(() => resolve())); await rm(file, { force: true }); } };
}

/** The command's side: the exit code when a watcher ran it, undefined when there is no watcher to ask. */
export async function runThroughWatcher(databaseFile: string | undefined, selection: Selection, run: RunOptions, events: EventSink): Promise<number | undefined> {
  if (!databaseFile || !existsSync(socketPath(databaseFile))) return undefined;
  let holder = '';
  try { holder = (JSON.parse(readFileSync(holderFile(databaseFile), 'utf8')) as { pid?: number }).pid?.toString() ?? ''; } catch { /* no holder file */ }
  return new Promise((resolve) => {
    const socket = net.connect(socketPath(databaseFile));
    let buffer = '';
    let code: number | undefined;
    socket.on('connect', () => {
      events({ type: 'info', message: `through the running watcher${holder ? ` (PID ${holder})` : ''}, which holds the DuckDB file` });
      socket.write(`${JSON.stringify({ selection, run } satisfies RelayRequest)}\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let end = buffer.indexOf('\n');
      while (end >= 0) {
        const message = JSON.parse(buffer.slice(0, end)) as { event?: ForgeEvent; code?: number };
        if (message.event) events(message.event);
        if (message.code !== undefined) code = message.code;
        buffer = buffer.slice(end + 1);
        end = buffer.indexOf('\n');
      }
    });
    // a stale socket (the watcher is gone): run the normal way
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => resolve(code));
  });
}
