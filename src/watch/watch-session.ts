/**
 * `forge build|run|test --watch`: one long-lived process that holds the warehouse open, builds the
 * selection once, then on every batch of saves re-parses the project, diffs node fingerprints
 * against the last good parse, and runs the changed nodes and their dependants that are inside the
 * selection (with their tests). This file is the driver: it performs what the pure reducer
 * (watch-reducer.ts) decides. Rules, documented in README.md ("Watch mode"):
 *  - a save during a build is queued: when the build ends, one more cycle covers every change since;
 *  - a file that does not parse prints its located error and keeps the last good graph; fixing it
 *    resumes (the diff is against the last good parse, so nothing is lost);
 *  - a deleted model leaves the graph; its relation stays in the warehouse (`forge clean` does not
 *    touch warehouses either) and the output says so;
 *  - keys: a = rebuild the whole selection, f = rebuild what failed or was skipped, q = quit.
 */
import { rm, writeFile } from 'node:fs/promises';
import { openWarehouse } from '../adapters/open-warehouse.js';
import { holderFile } from '../adapters/duckdb/duckdb-connection.js';
import type { Warehouse } from '../adapters/adapter.js';
import type { NodeId } from '../core/ids.js';
import { ForgeError, type Diagnostic } from '../errors/diagnostic.js';
import type { NodeResult } from '../execute/run-node.js';
import type { Manifest } from '../parser/manifest.js';
import type { EventSink } from '../report/events.js';
import { runFailed, type RunOptions, type RunOutcome } from '../api/build.js';
import type { Selection } from '../api/forge.js';
import type { ForgeOptions } from '../api/load-project.js';
import { generateIfMissing } from '../api/run-project.js';
import { chooseRunIds, emitSummary, RunSession } from '../api/run-session.js';
import { projectInputs, watchProject, type ProjectWatcher } from './file-watcher.js';
import { WatchParser, type GoodParse } from './watch-parse.js';
import { initialWatchState, reduceWatch, type BuildAction, type WatchAction, type WatchEvent, type WatchRequest, type WatchState } from './watch-reducer.js';

export type { WatchRequest } from './watch-reducer.js';

export interface WatchSession {
  /** Resolves when the initial build is done and the watcher is ready. */
  readonly ready: Promise<void>;
  /** Queues a rebuild (keys `a` and `f`). */
  request(request: WatchRequest): void;
  /** Stops after the current build; resolves with the exit code. */
  stop(): Promise<number>;
  /** Resolves when the session has ended (after stop()). */
  readonly ended: Promise<number>;
  /** The warehouse this session holds (once the first build opened it): `--serve` reads through it. */
  warehouse(): Warehouse | undefined;
  /**
   * Runs another command's selection on this session's graph and warehouse, after whatever is queued
   * (`forge build -s x` while the watcher holds the DuckDB file goes through here: see watch/relay.ts).
   */
  runThrough(selection: Selection, run: RunOptions, sink: EventSink): Promise<number>;
}

export interface WatchInput {
  readonly options: ForgeOptions;
  readonly selection: Selection;
  readonly run: RunOptions;
  readonly events: EventSink;
  readonly report: (diagnostics: readonly Diagnostic[]) => void;
  /** The warehouse, when the caller opened it first (watch-command.ts does, so a refused watcher touches nothing). */
  readonly opened?: Warehouse;
  /** Aborting stops the session after the current build (the CLI wires SIGINT, SIGTERM and `q` to it). */
  readonly signal?: AbortSignal;
}

export function startWatch(input: WatchInput): WatchSession {
  const { options, selection, run, events, report } = input;
  const parser = new WatchParser(options, events, report);
  const held = new HeldWarehouse(input.opened);
  let state: WatchState<GoodParse> = initialWatchState();
  /** The warehouse could not be opened: the session ends with exit 1. */
  let fatal = false;
  let watcher: ProjectWatcher | undefined;
  let busy: Promise<void> = Promise.resolve();
  let resolveEnded: (code: number) => void = () => undefined;
  const ended = new Promise<number>((resolve) => { resolveEnded = resolve; });
  const dispatch = (event: WatchEvent<GoodParse>): WatchAction<GoodParse> => {
    const step = reduceWatch(state, event);
    state = step.state;
    return step.action;
  };

  /** Runs ids of a graph on the held warehouse, reporting to `sink`; `writeManifest` false skips a manifest already written. */
  const execute = async (graph: GoodParse, warehouse: Warehouse, ids: readonly NodeId[], runOptions: RunOptions, sink: EventSink,
    onDiagnostics: (d: readonly Diagnostic[]) => void, writeManifest: boolean): Promise<RunOutcome> => {
    const started = performance.now();
    const statements = warehouse.statementMs;
    const outcome = await new RunSession(options, graph, warehouse).execute(ids, runOptions, sink, { started, writeManifest });
    held.written.add(graph.manifest);
    onDiagnostics(outcome.diagnostics);
    emitSummary(sink, outcome.results, performance.now() - started, warehouse.statementMs - statements);
    return outcome;
  };

  const build = async (action: BuildAction<GoodParse>): Promise<readonly NodeResult[]> => {
    const { graph, only } = action;
    const chosen = chooseRunIds(graph, selection, run);
    report(chosen.diagnostics);
    // as forge build does: a project with a generator and no landed data yet generates it first
    if (action.initial) await generateIfMissing(graph.manifest, run.command, events);
    for (const id of action.removed) {
      events({ type: 'info', message: `watch: ${action.previous?.manifest.nodes.get(id)?.name ?? id} was removed from the project; its relation is left in the warehouse` });
    }
    const ids = only ? chosen.ids.filter((id) => only.has(id)) : chosen.ids;
    if (ids.length === 0) { events({ type: 'info', message: `watch: ${action.why} — nothing in the selection to rebuild` }); return []; }
    const warehouse = await held.open(graph.manifest, run.command);
    events({ type: 'info', message: `watch: ${action.why} — building ${ids.length} node(s): ${ids.map((id) => graph.manifest.nodes.get(id)?.name ?? id).join(', ')}` });
    return (await execute(graph, warehouse, ids, run, events, report, true)).results;
  };

  const perform = async (action: BuildAction<GoodParse> | Extract<WatchAction<GoodParse>, { kind: 'parse' }>): Promise<WatchEvent<GoodParse>> => {
    if (action.kind === 'build') return { type: 'built', results: await build(action) };
    const graph = await parser.reparse(state.good, action.request.kind === 'files' ? action.request.files : undefined);
    return { type: 'parsed', request: action.request, graph };
  };

  const drain = (): void => {
    busy = busy.then(async () => {
      let action = dispatch({ type: 'idle' });
      while (action.kind !== 'wait') action = dispatch(await perform(action));
    }).catch((error: unknown) => {
      dispatch({ type: 'crashed' });
      if (!held.warehouse && error instanceof ForgeError) {
        // no warehouse (locked by another process, or unreadable): nothing to watch for
        fatal = true;
        report(error.diagnostics);
        void stop();
        return;
      }
      events({ type: 'info', message: `watch: ${error instanceof Error ? error.message : String(error)}` });
    });
  };

  const request = (r: WatchRequest): void => { dispatch({ type: 'requested', request: r }); drain(); };

  const ready = (async () => {
    request({ kind: 'all' }); // with no good parse yet: the initial build
    await busy;
    if (state.stopping) return;
    const entries = projectInputs(state.good?.manifest.project.paths);
    watcher = watchProject(options.projectDir, entries, (files) => request({ kind: 'files', files }));
    await watcher.ready;
    events({ type: 'info', message: 'watch: watching for changes (keys: a = rebuild all, f = rebuild failed, q = quit)' });
  })();

  const stop = async (): Promise<number> => {
    dispatch({ type: 'stop' });
    await ready.catch(() => undefined);
    await busy;
    await watcher?.close();
    parser.save();
    await held.close();
    const code = fatal || state.failed.size > 0 ? 1 : 0;
    resolveEnded(code);
    return code;
  };
  input.signal?.addEventListener('abort', () => { void stop(); }, { once: true });

  const runThrough = (other: Selection, otherRun: RunOptions, sink: EventSink): Promise<number> => new Promise((resolve) => {
    busy = busy.then(async () => {
      const { good } = state;
      const warehouse = held.warehouse;
      if (!good || !warehouse) { sink({ type: 'info', message: 'the watcher has no good graph yet: fix its errors first' }); resolve(1); return; }
      const chosen = chooseRunIds(good, other, otherRun);
      for (const d of chosen.diagnostics) sink({ type: 'diagnostic', diagnostic: d });
      // the graph's manifest is on disk already (the watcher wrote it): a relayed run writes only its results
      const outcome = await execute(good, warehouse, chosen.ids, otherRun, sink, (ds) => { for (const d of ds) sink({ type: 'diagnostic', diagnostic: d }); }, !held.written.has(good.manifest));
      resolve(runFailed([...chosen.diagnostics, ...outcome.diagnostics], outcome.results) ? 1 : 0);
    }).catch((error: unknown) => {
      sink({ type: 'info', message: `watcher: ${error instanceof Error ? error.message : String(error)}` });
      resolve(1);
    });
  });

  return { ready, request, stop, ended, warehouse: () => held.warehouse, runThrough };
}

/** The warehouse a session holds for its life, opened at the first build, and the holder file that names it. */
class HeldWarehouse {
  /** Manifests already written to target/ (a relayed run need not write the same one again). */
  readonly written = new WeakSet<Manifest>();
  private holder: string | undefined;
  private marked = false;

  constructor(public warehouse: Warehouse | undefined) {}

  async open(manifest: Manifest, command: string): Promise<Warehouse> {
    this.warehouse ??= await openWarehouse(manifest.target);
    if (!this.marked) { this.marked = true; this.holder = await markHolder(manifest, command); }
    return this.warehouse;
  }

  async close(): Promise<void> {
    await this.warehouse?.close();
    if (this.holder) await rm(this.holder, { force: true });
  }
}

/** Tells other commands who holds the DuckDB file (see duckdb-connection.ts holderFile). */
async function markHolder(manifest: Manifest, command: string): Promise<string | undefined> {
  if (manifest.target.type !== 'duckdb' || !manifest.target.path) return undefined;
  const file = holderFile(manifest.target.path);
  await writeFile(file, JSON.stringify({ command: `forge ${command} --watch`, pid: process.pid, since: new Date().toISOString().slice(0, 19).replace('T', ' ') }));
  return file;
}
