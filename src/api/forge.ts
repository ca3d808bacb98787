/**
 * The programmatic API the CLI (and later watch mode and the web UI) sit on:
 * parse → select → compile → write artifacts.
 */
import {
  emptyCache,
  loadParseCache,
  sameStamp,
  saveParseCache,
  type ParseCache,
} from '../parser/parse-cache.js';
import { randomUUID } from 'node:crypto';
import type { NodeId } from '../core/ids.js';
import { createCompiler } from '../compile/compile.js';
import { FileWriter } from '../artifacts/file-writer.js';
import { writeManifest } from '../artifacts/write-artifacts.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { Dag } from '../graph/dag.js';
import { buildDag } from '../graph/project-graph.js';
import type { Manifest } from '../parser/manifest.js';
import { parseProject } from '../parser/parse-project.js';
import type { PatchContext } from '../parser/patch-project.js';
import { readProjectFiles } from '../parser/project-files.js';
import { ignoreEvents, type EventSink } from '../report/events.js';
import { evaluateSelection, type IndirectSelection } from '../select/selector-eval.js';
import { formatSelection, parseSelection, type SelectExpr } from '../select/selector-parse.js';
import { compareState } from '../state/state-compare.js';
import type { SavedState } from '../state/state-file.js';
import { planDefer } from '../state/defer.js';
import { loadProject, type ForgeOptions } from './load-project.js';

export interface Parsed {
  readonly manifest?: Manifest;
  readonly dag?: Dag;
  readonly diagnostics: readonly Diagnostic[];
  /** What watch mode needs to patch this parse on the next save (parser/patch-project.ts). */
  readonly patch?: PatchContext;
}

export interface Selection {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly indirect?: IndirectSelection;
  /** A previous run's state (`--state`): what `state:` selectors compare against and `--defer` reads. */
  readonly state?: SavedState;
}

/**
 * Reads and parses the project. `memory` lets a long-running caller (watch mode) keep the parse cache
 * in memory across parses and say which files changed, instead of loading it and stat-ing every file.
 */
export async function parse(
  options: ForgeOptions,
  events: EventSink = ignoreEvents,
  memory?: { cache?: ParseCache; changed?: ReadonlySet<string>; persist?: boolean },
): Promise<Parsed & { cache?: ParseCache }> {
  const started = performance.now();
  const { loaded, diagnostics } = await loadProject(options);
  if (!loaded) return { diagnostics };
  const previous: { cache?: ParseCache; problem?: string } = memory?.cache
    ? { cache: { ...memory.cache, ...(memory.changed ? { changed: memory.changed } : {}) } }
    : loadParseCache(loaded.projectDir);
  if (previous.problem)
    events({ type: 'info', message: `parse cache ${previous.problem}: parsing everything and rewriting it` });
  const files = readProjectFiles(
    loaded.projectDir,
    loaded.project.paths,
    previous.cache,
    loaded.project.packages,
  );
  const read = performance.now();
  events({ type: 'phase', phase: 'read', ms: read - started, detail: `${files.models.length} templates` });
  const nextCache = emptyCache();
  const parsed = parseProject({
    ...loaded,
    files,
    ...(previous.cache ? { cache: previous.cache } : {}),
    nextCache,
  });
  // with persist: false the caller keeps the cache in memory and saves it when done
  const changed =
    nextCache.parsed > 0 ||
    !previous.cache ||
    nextCache.templates.size !== previous.cache.templates.size ||
    seedsChanged(previous.cache, nextCache);
  if (memory?.persist !== false && changed) saveParseCache(loaded.projectDir, nextCache);
  events({
    type: 'phase',
    phase: 'cache',
    ms: 0,
    detail: `${nextCache.reused} templates reused, ${nextCache.parsed} parsed`,
  });
  const { dag, diagnostics: cycles } = buildDag(parsed.manifest.nodes);
  events({
    type: 'phase',
    phase: 'parse',
    ms: performance.now() - read,
    detail: `${parsed.manifest.nodes.size} nodes`,
  });
  return {
    manifest: parsed.manifest,
    dag,
    diagnostics: [...diagnostics, ...files.diagnostics, ...parsed.diagnostics, ...cycles],
    cache: nextCache,
    patch: parsed.patch,
  };
}

function seedsChanged(before: ParseCache, after: ParseCache): boolean {
  if (before.seeds.size !== after.seeds.size) return true;
  for (const [file, seed] of after.seeds)
    if (before.seeds.get(file)?.checksum !== seed.checksum || !sameStamp(before.seeds.get(file), seed))
      return true;
  return false;
}

/** Selected node ids in graph order; an empty selection is a warning, not an error. */
export function select(
  manifest: Manifest,
  dag: Dag,
  selection: Selection,
): { ids: NodeId[]; diagnostics: Diagnostic[] } {
  const { expr, diagnostics } = parseSelection(selection.select ?? [], selection.exclude ?? []);
  if (!expr) return { ids: [], diagnostics };
  if (!selection.state && usesState(expr)) {
    return {
      ids: [],
      diagnostics: [
        diagnostic(
          Codes.stateUnreadable,
          `the selection "${formatSelection(expr)}" compares with a previous run, but no --state was given`,
          undefined,
          'add --state <dir>: the target/ folder of a previous run, copied aside (e.g. from production)',
        ),
      ],
    };
  }
  const state = selection.state ? compareState(manifest, selection.state) : undefined;
  const chosen = evaluateSelection(
    expr,
    { nodes: manifest.nodes, dag, projectName: manifest.project.name, ...(state ? { state } : {}) },
    selection.indirect ?? 'eager',
  );
  const ids = dag.topologicalOrder().filter((id) => chosen.has(id));
  if (ids.length === 0) {
    diagnostics.push(
      diagnostic(
        Codes.selectionEmpty,
        `the selection "${formatSelection(expr)}" matches no nodes`,
        undefined,
        'forge ls lists what there is',
        'warn',
      ),
    );
  }
  return { ids, diagnostics };
}

function usesState(expr: SelectExpr): boolean {
  switch (expr.kind) {
    case 'atom':
      return expr.method === 'state';
    case 'and':
    case 'or':
      return expr.items.some(usesState);
    case 'exclude':
      return usesState(expr.base) || usesState(expr.minus);
  }
}

export interface Compiled extends Parsed {
  readonly selected: readonly NodeId[];
  /** How many selected nodes produced SQL (seeds and sources produce none). */
  readonly compiledCount: number;
  readonly manifestPath?: string;
}

/** Parse, select, then render the selected nodes while streaming the manifest and compiled files. */
/** With `defer`, unselected parents compile to their relations in the selection's state (no warehouse to ask: as `--favor-state`). */
export async function compile(
  options: ForgeOptions,
  selection: Selection,
  events: EventSink = ignoreEvents,
  defer = false,
): Promise<Compiled> {
  const parsed = await parse(options, events);
  const empty = { selected: [], compiledCount: 0 };
  if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics)) return { ...parsed, ...empty };
  const { manifest, dag } = parsed;
  const chosen = select(manifest, dag, selection);
  const diagnostics = [...parsed.diagnostics, ...chosen.diagnostics];
  if (hasErrors(chosen.diagnostics)) return { ...parsed, ...empty, diagnostics };
  const started = performance.now();
  const selected = new Set(chosen.ids);
  const compiler = createCompiler(
    manifest,
    defer && selection.state ? planDefer(manifest, selection.state, selected).candidates : undefined,
  );
  const files = new FileWriter();
  const meta = {
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    invocationId: options.newId?.() ?? randomUUID(),
  };
  const manifestPath = await writeManifest(
    manifest,
    (id) => (selected.has(id) ? compiler.compile(id) : undefined),
    meta,
    files,
  );
  await files.close();
  diagnostics.push(...compiler.diagnostics);
  events({
    type: 'phase',
    phase: 'compile',
    ms: performance.now() - started,
    detail: `${files.count} nodes rendered and written`,
  });
  events({ type: 'artifact', path: manifestPath });
  return { manifest, dag, diagnostics, selected: chosen.ids, compiledCount: files.count, manifestPath };
}

export { loadProject, type ForgeOptions };
