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
import type { Warehouse } from '../adapters/adapter.js';
import type { NodeId } from '../core/ids.js';
import { ForgeError, type Diagnostic } from '../errors/diagnostic.js';
import type { NodeResult } from '../execute/run-node.js';
import type { EventSink } from '../report/events.js';
import { runFailed, type RunOptions, type RunOutcome } from '../api/build.js';
import type { Selection } from '../api/forge.js';
import type { ForgeOptions } from '../api/load-project.js';
import { generateIfMissing } from '../api/run-project.js';
import { chooseRunIds, emitSummary, RunSession } from '../api/run-session.js';
import { projectInputs, watchProject, type ProjectWatcher } from './file-watcher.js';
import { HeldWarehouse } from './held-warehouse.js';
import { WatchParser, type GoodParse } from './watch-parse.js';
import {
  initialWatchState,
  reduceWatch,
  type BuildAction,
  type WatchAction,
  type WatchEvent,
  type WatchRequest,
  type WatchState,
} from './watch-reducer.js';

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

interface WatchInput {
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
  return new WatchDriver(input);
}

type PerformedAction = Exclude<WatchAction<GoodParse>, { kind: 'wait' }>;

/** Performs the reducer's actions, one cycle at a time; relayed runs queue behind the cycles (`busy`). */
class WatchDriver implements WatchSession {
  readonly ready: Promise<void>;
  readonly ended: Promise<number>;
  private state: WatchState<GoodParse> = initialWatchState();
  /** The warehouse could not be opened: the session ends with exit 1. */
  private fatal = false;
  private watcher: ProjectWatcher | undefined;
  private busy: Promise<void> = Promise.resolve();
  private resolveEnded: (code: number) => void = () => undefined;
  private readonly parser: WatchParser;
  private readonly held: HeldWarehouse;

  constructor(private readonly input: WatchInput) {
    this.parser = new WatchParser(input.options, input.events, input.report);
    this.held = new HeldWarehouse(input.opened);
    this.ended = new Promise<number>((resolve) => {
      this.resolveEnded = resolve;
    });
    this.ready = this.start();
    input.signal?.addEventListener(
      'abort',
      () => {
        void this.stop();
      },
      { once: true },
    );
  }

  warehouse(): Warehouse | undefined {
    return this.held.warehouse;
  }

  request(request: WatchRequest): void {
    this.dispatch({ type: 'requested', request });
    this.drain();
  }

  async stop(): Promise<number> {
    this.dispatch({ type: 'stop' });
    await this.ready.catch(() => undefined);
    await this.busy;
    await this.watcher?.close();
    this.parser.save();
    await this.held.close();
    const code = this.fatal || this.state.failed.size > 0 ? 1 : 0;
    this.resolveEnded(code);
    return code;
  }

  runThrough(selection: Selection, run: RunOptions, sink: EventSink): Promise<number> {
    return new Promise((resolve) => {
      this.busy = this.busy
        .then(async () => {
          resolve(await this.relayed(selection, run, sink));
        })
        .catch((error: unknown) => {
          sink({
            type: 'info',
            message: `watcher: ${error instanceof Error ? error.message : String(error)}`,
          });
          resolve(1);
        });
    });
  }

  /** The initial build, then the file watcher. */
  private async start(): Promise<void> {
    this.request({ kind: 'all' }); // with no good parse yet: the initial build
    await this.busy;
    if (this.state.stopping) return;
    const entries = projectInputs(this.state.good?.manifest.project.paths);
    this.watcher = watchProject(this.input.options.projectDir, entries, (files) =>
      this.request({ kind: 'files', files }),
    );
    await this.watcher.ready;
    this.input.events({
      type: 'info',
      message: 'watch: watching for changes (keys: a = rebuild all, f = rebuild failed, q = quit)',
    });
  }

  private dispatch(event: WatchEvent<GoodParse>): WatchAction<GoodParse> {
    const step = reduceWatch(this.state, event);
    this.state = step.state;
    return step.action;
  }

  private drain(): void {
    this.busy = this.busy
      .then(async () => {
        let action = this.dispatch({ type: 'idle' });
        while (action.kind !== 'wait') action = this.dispatch(await this.perform(action));
      })
      .catch((error: unknown) => {
        this.crashed(error);
      });
  }

  private crashed(error: unknown): void {
    this.dispatch({ type: 'crashed' });
    if (!this.held.warehouse && error instanceof ForgeError) {
      // no warehouse (locked by another process, or unreadable): nothing to watch for
      this.fatal = true;
      this.input.report(error.diagnostics);
      void this.stop();
      return;
    }
    this.input.events({
      type: 'info',
      message: `watch: ${error instanceof Error ? error.message : String(error)}`,
    });
  }

  private async perform(action: PerformedAction): Promise<WatchEvent<GoodParse>> {
    if (action.kind === 'build') return { type: 'built', results: await this.build(action) };
    const graph = await this.parser.reparse(
      this.state.good,
      action.request.kind === 'files' ? action.request.files : undefined,
    );
    return { type: 'parsed', request: action.request, graph };
  }

  private async build(action: BuildAction<GoodParse>): Promise<readonly NodeResult[]> {
    const { graph, only } = action;
    const { selection, run, events, report } = this.input;
    const chosen = chooseRunIds(graph, selection, run);
    report(chosen.diagnostics);
    // as forge build does: a project with a generator and no landed data yet generates it first
    if (action.initial) await generateIfMissing(graph.manifest, run.command, events);
    for (const id of action.removed) {
      events({
        type: 'info',
        message: `watch: ${action.previous?.manifest.nodes.get(id)?.name ?? id} was removed from the project; its relation is left in the warehouse`,
      });
    }
    const ids = only ? chosen.ids.filter((id) => only.has(id)) : chosen.ids;
    if (ids.length === 0) {
      events({ type: 'info', message: `watch: ${action.why} — nothing in the selection to rebuild` });
      return [];
    }
    const warehouse = await this.held.open(graph.manifest, run.command);
    events({
      type: 'info',
      message: `watch: ${action.why} — building ${ids.length} node(s): ${ids.map((id) => graph.manifest.nodes.get(id)?.name ?? id).join(', ')}`,
    });
    return (await this.execute(graph, warehouse, ids, run, events, report, true)).results;
  }

  /** Another command's selection on the last good graph (watch/relay.ts): its exit code. */
  private async relayed(selection: Selection, run: RunOptions, sink: EventSink): Promise<number> {
    const { good } = this.state;
    const warehouse = this.held.warehouse;
    if (!good || !warehouse) {
      sink({ type: 'info', message: 'the watcher has no good graph yet: fix its errors first' });
      return 1;
    }
    const chosen = chooseRunIds(good, selection, run);
    for (const d of chosen.diagnostics) sink({ type: 'diagnostic', diagnostic: d });
    // the graph's manifest is on disk already (the watcher wrote it): a relayed run writes only its results
    const outcome = await this.execute(
      good,
      warehouse,
      chosen.ids,
      run,
      sink,
      (ds) => {
        for (const d of ds) sink({ type: 'diagnostic', diagnostic: d });
      },
      !this.held.written.has(good.manifest),
    );
    return runFailed([...chosen.diagnostics, ...outcome.diagnostics], outcome.results) ? 1 : 0;
  }

  /** Runs ids of a graph on the held warehouse, reporting to `sink`; `writeManifest` false skips a manifest already written. */
  private async execute(
    graph: GoodParse,
    warehouse: Warehouse,
    ids: readonly NodeId[],
    run: RunOptions,
    sink: EventSink,
    onDiagnostics: (d: readonly Diagnostic[]) => void,
    writeManifest: boolean,
  ): Promise<RunOutcome> {
    const started = performance.now();
    const statements = warehouse.statementMs;
    const outcome = await new RunSession(this.input.options, graph, warehouse).execute(ids, run, sink, {
      started,
      writeManifest,
    });
    this.held.written.add(graph.manifest);
    onDiagnostics(outcome.diagnostics);
    emitSummary(sink, outcome.results, performance.now() - started, warehouse.statementMs - statements);
    return outcome;
  }
}
