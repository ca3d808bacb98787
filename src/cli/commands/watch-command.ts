/**
 * `--watch` on build, run and test: starts a watch session and drives it from the keyboard (a, f, q;
 * from a pipe, one key per line) and from signals (SIGINT/SIGTERM stop after the current node's build).
 */
import readline from 'node:readline';
import type { RunOptions } from '../../api/build.js';
import type { Selection } from '../../api/forge.js';
import { startWatch } from '../../watch/watch-session.js';
import { serve } from '../../serve/server.js';
import { listenForCommands } from '../../watch/relay.js';
import { loadProject } from '../../api/load-project.js';
import { openWarehouse } from '../../adapters/open-warehouse.js';
import type { Warehouse } from '../../adapters/adapter.js';
import { ForgeError } from '../../errors/diagnostic.js';
import type { Target } from '../../project/targets.js';
import { optionsFrom, report, type CommandContext } from './context.js';

export async function watchCommand(
  ctx: CommandContext,
  selection: Selection,
  run: RunOptions,
): Promise<number> {
  const target = (await loadProject(optionsFrom(ctx.args))).loaded?.target;
  // the warehouse first: a watcher that cannot hold it (a second watcher, a locked or unreadable file)
  // exits 1 before it builds, serves or listens — the first watcher's socket stays where it is
  const opened = target ? await openOrReport(ctx, target) : undefined;
  if (opened === null) return 1;
  const stopper = new AbortController();
  const session = startWatch({
    options: optionsFrom(ctx.args),
    selection,
    run,
    events: ctx.events,
    report: (d) => report(ctx, d),
    signal: stopper.signal,
    ...(opened ? { opened } : {}),
  });
  // --serve: the dashboard and docs from this process, reading through the warehouse it holds
  const served = ctx.args.serve
    ? await serve(
        optionsFrom(ctx.args),
        { host: ctx.args.host ?? '127.0.0.1', port: ctx.args.port ?? 8580 },
        ctx.events,
        () => session.warehouse(),
      )
    : undefined;
  if (served)
    ctx.events({
      type: 'info',
      message: `watch: serving the dashboard at ${served.url}/ and the docs at ${served.url}/docs`,
    });
  // other commands on this project come through the watcher (it holds the DuckDB file)
  const database = target?.path;
  const relay = database ? await listenForCommands(database, session).catch(() => undefined) : undefined;
  const stop = (): void => {
    stopper.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const onKey = (key: string): void => {
    if (key === 'q') stop();
    else if (key === 'a') session.request({ kind: 'all' });
    else if (key === 'f') session.request({ kind: 'failed' });
  };
  const input = process.stdin;
  let lines: readline.Interface | undefined;
  if (input.isTTY) {
    readline.emitKeypressEvents(input);
    input.setRawMode(true);
    input.on('keypress', (_: string, key: { name?: string; ctrl?: boolean }) =>
      key.ctrl && key.name === 'c' ? stop() : onKey(key.name ?? ''),
    );
  } else {
    lines = readline.createInterface({ input });
    lines.on('line', (line) => onKey(line.trim()));
  }
  try {
    return await session.ended;
  } finally {
    await relay?.close();
    await served?.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    lines?.close();
    if (input.isTTY) input.setRawMode(false);
    input.pause();
  }
}

/** The opened warehouse, or null once its coded error (FRG2001 naming the holder, FRG2002) is reported. */
async function openOrReport(ctx: CommandContext, target: Target): Promise<Warehouse | null> {
  try {
    return await openWarehouse(target);
  } catch (error) {
    if (!(error instanceof ForgeError)) throw error;
    report(ctx, error.diagnostics);
    return null;
  }
}
