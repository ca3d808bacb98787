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
import { parseRelayRequest, type RelayRequest } from './relay-request.js';
import { Codes } from '../errors/codes.js';
import { diagnostic } from '../errors/diagnostic.js';
import { holderFile } from '../adapters/duckdb/duckdb-connection.js';

const socketPath = (databaseFile: string): string => `${databaseFile}.watch.sock`;

/** Longest request line accepted: a selection is a few hundred bytes; more is not a request. */
const MAX_REQUEST = 1_000_000;

/** The watcher's side: answers requests until closed; a line that is not a request gets FRG2030, not a crash. */
export async function listenForCommands(
  databaseFile: string,
  session: Pick<WatchSession, 'runThrough'>,
): Promise<{ close(): Promise<void> }> {
  const file = socketPath(databaseFile);
  // only a process holding the DuckDB file listens (it opened it first), so a socket here is stale
  await rm(file, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    let answered = false;
    const send = (message: unknown): void => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    };
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end < 0 && buffer.length <= MAX_REQUEST) return;
      answered = true;
      const request = end < 0 ? 'the request line is too long' : parseRelayRequest(buffer.slice(0, end));
      if (typeof request === 'string') {
        send({
          event: {
            type: 'diagnostic',
            diagnostic: diagnostic(
              Codes.relayRequestInvalid,
              `the watcher could not read the request: ${request}`,
              undefined,
              'the watch socket takes one JSON line from forge build|run|test|seed|snapshot; run the command instead',
            ),
          },
        });
        socket.end(`${JSON.stringify({ code: 1 })}\n`);
        return;
      }
      void session
        .runThrough(request.selection, request.run, (event) => send({ event }))
        .then((code) => socket.end(`${JSON.stringify({ code })}\n`));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, resolve);
  });
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(file, { force: true });
    },
  };
}

/** The command's side: the exit code when a watcher ran it, undefined when there is no watcher to ask. */
export async function runThroughWatcher(
  databaseFile: string | undefined,
  selection: Selection,
  run: RunOptions,
  events: EventSink,
): Promise<number | undefined> {
  if (!databaseFile || !existsSync(socketPath(databaseFile))) return undefined;
  let holder = '';
  try {
    holder =
      (JSON.parse(readFileSync(holderFile(databaseFile), 'utf8')) as { pid?: number }).pid?.toString() ?? '';
  } catch {
    /* no holder file */
  }
  return new Promise((resolve) => {
    const socket = net.connect(socketPath(databaseFile));
    let buffer = '';
    let code: number | undefined;
    socket.on('connect', () => {
      events({
        type: 'info',
        message: `through the running watcher${holder ? ` (PID ${holder})` : ''}, which holds the DuckDB file`,
      });
      socket.write(`${JSON.stringify({ selection, run } satisfies RelayRequest)}\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let end = buffer.indexOf('\n');
      while (end >= 0) {
        const message = readAnswer(buffer.slice(0, end));
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

/** One answer line; a line that is not JSON (not our watcher) counts as nothing. */
function readAnswer(line: string): { event?: ForgeEvent; code?: number } {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null
      ? (value as { event?: ForgeEvent; code?: number })
      : {};
  } catch {
    return {};
  }
}
