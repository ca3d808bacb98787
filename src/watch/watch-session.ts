/**
 * `forge build|run|test --watch`: one long-lived process that holds the warehouse open, builds the
 * selection once, then on every batch of saves re-parses the project, diffs node fingerprints
 * against the last good parse, and runs the changed nodes and their dependants that are inside the
 * selection (with their tests). Rules, documented in README.md ("Watch mode"):
 *  - a save during a build is queued: when the build ends, one more cycle covers every change since;
 *  - a file that does not parse prints its located error and keeps the last good graph; fixing it
 *    resumes (the diff is against the last good parse, so nothing is lost);
 *  - a deleted model leaves the graph; its relation stays in the warehouse (`forge clean` does not
 *    touch warehouses either) and the output says so;
 *  - keys: a = rebuild the whole selection, f = rebuild what failed or was skipped, q = quit.
 */
import { readFileSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openWarehouse } from '../adapters/open-warehouse.js';
import { holderFile } from '../adapters/duckdb/duckdb-connection.js';
import type { Warehouse } from '../adapters/adapter.js';
import type { NodeId } from '../core/ids.js';
import { ForgeError, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { Dag } from '../graph/dag.js';
import type { Manifest } from '../parser/manifest.js';
import { saveParseCache, type ParseCache } from '../parser/parse-cache.js';
import { diffFingerprints, fingerprintOf, fingerprints } from '../parser/node-fingerprint.js';
import { patchProject, type PatchContext } from '../parser/patch-project.js';
import { templateInputs } from '../parser/parse-cache.js';
import type { SourceFile } from '../parser/project-files.js';
import { buildDag } from '../graph/project-graph.js';
import type { ForgeNode } from '../core/nodes.js';
import type { EventSink } from '../report/events.js';
import { runFailed, type RunOptions, type RunOutcome } from '../api/build.js';
import { parse, type Selection } from '../api/forge.js';
import { generateIfMissing } from '../api/run-project.js';
import { chooseRunIds, emitSummary, RunSession } from '../api/run-session.js';
import type { ForgeOptions } from '../api/load-project.js';
import { projectInputs, watchProject, type ProjectWatcher } from './file-watcher.js';

interface Good {
  readonly manifest: Manifest;
  readonly dag: Dag;
  readonly prints: Map<NodeId, string>;
}

export type WatchRequest = { readonly kind: 'files'; readonly files: readonly string[] } | { readonly kind: 'all' } | { readonly kind: 'failed' };

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

/** `opened`: the warehouse, when the caller opened it first (watch-command.ts does, so a refused watcher touches nothing). */
export function startWatch(options: ForgeOptions, selection: Selection, run: RunOptions, events: EventSink,
  report: (diagnostics: readonly Diagnostic[]) => void, opened?: Warehouse): WatchSession {
  let good: Good | undefined;
  let warehouse: Warehouse | undefined = opened;
  let marked = false;
  /** The warehouse could not be opened: the session ends with exit 1. */
  let fatal = false;
  let watcher: ProjectWatcher | undefined;
  let failed = new Set<NodeId>();
  let holder: string | undefined;
  const queue: WatchRequest[] = [];
  let busy: Promise<void> = Promise.resolve();
  let stopping = false;
  let resolveEnded: (code: number) => void = () => undefined;
  const ended = new Promise<number>((resolve) => { resolveEnded = resolve; });

  /** Re-parses; on errors reports them and keeps the last good graph. */
  let cache: ParseCache | undefined;
  let patchContext: PatchContext | undefined;
  /** Manifests already written to target/ (a relayed run need not write the same one again). */
  const written = new WeakSet<Manifest>();
  const reparse = async (changed?: readonly string[]): Promise<Good | undefined> => {
    const fast = good && changed ? patchGood(good, changed) : undefined;
    if (fast !== undefined) return fast ?? undefined;
    // the watcher saw every save: trust the in-memory cache for the files it did not report
    const parsed = await parse(options, events, cache && changed ? { cache, changed: new Set(changed), persist: false } : undefined);
    cache = parsed.cache;
    patchContext = parsed.patch;
    if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics)) {
      report(parsed.diagnostics);
      events({ type: 'info', message: 'watch: the project has errors (above); still watching — the last good graph is kept until they are fixed' });
      return undefined;
    }
    report(parsed.diagnostics);
    return { manifest: parsed.manifest, dag: parsed.dag, prints: fingerprints(parsed.manifest) };
  };

  /**
   * The fast path (parser/patch-project.ts): only existing model templates were saved → patch the last
   * good graph. Returns undefined to fall back to a full parse, null when the saved files have errors.
   */
  const patchGood = (last: Good, changed: readonly string[]): Good | null | undefined => {
    if (!patchContext || !cache || changed.some((f) => !f.endsWith('.sql'))) return undefined;
    const files: SourceFile[] = [];
    for (const file of changed) {
      try {
        const absolute = path.join(last.manifest.projectDir, file);
        const stat = statSync(absolute);
        files.push({ path: file, text: readFileSync(absolute, 'utf8'), stamp: { mtimeMs: stat.mtimeMs, size: stat.size } });
      } catch {
        return undefined;
      }
    }
    const patched = patchProject(patchContext, last.manifest, files);
    if (!patched) return undefined;
    report(patched.diagnostics);
    if (hasErrors(patched.diagnostics)) {
      events({ type: 'info', message: 'watch: the project has errors (above); still watching — the last good graph is kept until they are fixed' });
      return null;
    }
    for (const [i, parsed] of patched.parsed.entries()) {
      const stamp = files[i]?.stamp;
      if (stamp) cache.templates.set(parsed.file, { ...stamp, parsed, inputs: templateInputs(parsed, patched.manifest.vars, patched.manifest.env) });
    }
    const dag = patched.edgesChanged ? buildDag(patched.manifest.nodes) : { dag: last.dag, diagnostics: [] };
    if (dag.diagnostics.length > 0) return undefined;
    const prints = new Map(last.prints);
    for (const id of patched.ids) prints.set(id, fingerprintOf(patched.manifest, patched.manifest.nodes.get(id) as ForgeNode));
    return { manifest: patched.manifest, dag: dag.dag, prints };
  };

  /** Runs ids of a graph on the held warehouse, reporting to `sink`; `writeManifest` false skips a manifest already written. */
  const execute = async (graph: Good, ids: readonly NodeId[], runOptions: RunOptions, sink: EventSink,
    onDiagnostics: (d: readonly Diagnostic[]) => void, writeManifest: boolean): Promise<RunOutcome> => {
    const held = warehouse as Warehouse;
    const started = performance.now();
    const statements = held.statementMs;
    const outcome = await new RunSession(options, graph, held).execute(ids, runOptions, sink, { started, writeManifest });
    written.add(graph.manifest);
    onDiagnostics(outcome.diagnostics);
    emitSummary(sink, outcome.results, performance.now() - started, held.statementMs - statements);
    return outcome;
  };

  const runIds = async (next: Good, ids: NodeId[], why: string): Promise<void> => {
    if (ids.length === 0) { events({ type: 'info', message: `watch: ${why} — nothing in the selection to rebuild` }); return; }
    warehouse ??= await openWarehouse(next.manifest.target);
    if (!marked) { marked = true; holder = await markHolder(next.manifest, run.command); }
    events({ type: 'info', message: `watch: ${why} — building ${ids.length} node(s): ${ids.map((id) => next.manifest.nodes.get(id)?.name ?? id).join(', ')}` });
    const outcome = await execute(next, ids, run, events, report, true);
    for (const r of outcome.results) {
      if (r.status === 'error' || r.status === 'fail' || r.status === 'skipped') failed.add(r.id as NodeId);
      else failed.delete(r.id as NodeId);
    }
  };

  /** Selected ids of a parse that the command runs, in graph order. */
  const selectedIds = (next: Good): NodeId[] => {
    const chosen = chooseRunIds(next, selection, run);
    report(chosen.diagnostics);
    return chosen.ids;
  };

  const cycle = async (request: WatchRequest): Promise<void> => {
    if (request.kind === 'failed') {
      if (!good) return;
      const ids = selectedIds(good).filter((id) => failed.has(id));
      await runIds(good, ids, 'rebuilding what failed');
      return;
    }
    const next = await reparse(request.kind === 'files' ? request.files : undefined);
    if (!next) return;
    const all = selectedIds(next);
    if (request.kind === 'all' || !good) {
      const initial = !good;
      good = next;
      // as forge build does: a project with a generator and no landed data yet generates it first
      if (initial) await generateIfMissing(next.manifest, run.command, events);
      await runIds(next, all, initial ? 'initial build' : 'rebuilding the selection');
      return;
    }
    const { changed, removed } = diffFingerprints(good.prints, next.prints);
    for (const id of removed) {
      events({ type: 'info', message: `watch: ${good.manifest.nodes.get(id)?.name ?? id} was removed from the project; its relation is left in the warehouse` });
      failed.delete(id);
    }
    const affected = new Set<NodeId>();
    for (const id of changed) { affected.add(id); for (const d of next.dag.descendants(id)) affected.add(d); }
    good = next;
    await runIds(next, all.filter((id) => affected.has(id)), `changed: ${request.files.join(', ')}`);
  };

  const drain = (): void => {
    busy = busy.then(async () => {
      while (queue.length > 0 && !stopping) {
        // files saved while building: one cycle for all of them
        const files = queue.filter((q) => q.kind === 'files').flatMap((q) => (q.kind === 'files' ? q.files : []));
        const keys = queue.filter((q) => q.kind !== 'files');
        queue.length = 0;
        for (const key of keys) await cycle(key);
        if (files.length > 0) await cycle({ kind: 'files', files: [...new Set(files)] });
      }
    }).catch((error: unknown) => {
      if (!warehouse && error instanceof ForgeError) {
        // no warehouse (locked by another process, or unreadable): nothing to watch for
        fatal = true;
        report(error.diagnostics);
        void stop();
        return;
      }
      events({ type: 'info', message: `watch: ${error instanceof Error ? error.message : String(error)}` });
    });
  };

  const request = (r: WatchRequest): void => { queue.push(r); drain(); };

  const ready = (async () => {
    queue.push({ kind: 'all' }); // with no good parse yet: the initial build
    drain();
    await busy;
    if (stopping) return;
    const entries = projectInputs(good?.manifest.project.paths);
    watcher = watchProject(options.projectDir, entries, (files) => request({ kind: 'files', files }));
    await watcher.ready;
    events({ type: 'info', message: 'watch: watching for changes (keys: a = rebuild all, f = rebuild failed, q = quit)' });
  })();

  const stop = async (): Promise<number> => {
    stopping = true;
    await ready.catch(() => undefined);
    await busy;
    await watcher?.close();
    await warehouse?.close();
    if (cache) saveParseCache(options.projectDir, cache);
    if (holder) await rm(holder, { force: true });
    const code = fatal || failed.size > 0 ? 1 : 0;
    resolveEnded(code);
    return code;
  };

  const runThrough = (other: Selection, otherRun: RunOptions, sink: EventSink): Promise<number> => new Promise((resolve) => {
    busy = busy.then(async () => {
      if (!good || !warehouse) { sink({ type: 'info', message: 'the watcher has no good graph yet: fix its errors first' }); resolve(1); return; }
      const chosen = chooseRunIds(good, other, otherRun);
      for (const d of chosen.diagnostics) sink({ type: 'diagnostic', diagnostic: d });
      // the graph's manifest is on disk already (the watcher wrote it): a relayed run writes only its results
      const outcome = await execute(good, chosen.ids, otherRun, sink, (ds) => { for (const d of ds) sink({ type: 'diagnostic', diagnostic: d }); }, !written.has(good.manifest));
      resolve(runFailed([...chosen.diagnostics, ...outcome.diagnostics], outcome.results) ? 1 : 0);
    }).catch((error: unknown) => {
      sink({ type: 'info', message: `watcher: ${error instanceof Error ? error.message : String(error)}` });
      resolve(1);
    });
  });

  return { ready, request, stop, ended, warehouse: () => warehouse, runThrough };
}

/** Tells other commands who holds the DuckDB file (see duckdb-connection.ts holderFile). */
async function markHolder(manifest: Manifest, command: string): Promise<string | undefined> {
  if (manifest.target.type !== 'duckdb' || !manifest.target.path) return undefined;
  const file = holderFile(manifest.target.path);
  await writeFile(file, JSON.stringify({ command: `forge ${command} --watch`, pid: process.pid, since: new Date().toISOString().slice(0, 19).replace('T', ' ') }));
  return file;
}
