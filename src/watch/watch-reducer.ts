/**
 * Watch mode's decisions as a pure reducer: the state is the last good graph, the nodes that failed
 * and the requests waiting; each event (a request, a parse's result, a build's results, a stop) gives
 * the next state and the next action for the driver (watch-session.ts) to perform. The rules:
 *  - requests that come while a cycle runs wait; a batch takes them all: the keys first, in order,
 *    then one cycle for every file saved meanwhile;
 *  - a parse with errors keeps the last good graph (the next diff is against it, so nothing is lost);
 *  - the first good parse and `a` build the whole selection; saves build what changed and its
 *    dependants; `f` builds what failed or was skipped (nothing before a first good parse);
 *  - a node that errored, failed its test or was skipped is failed until it runs cleanly or is removed.
 */
import type { NodeId } from '../core/ids.js';
import type { NodeStatus } from '../report/events.js';
import { diffFingerprints } from '../parser/node-fingerprint.js';

export type WatchRequest =
  | { readonly kind: 'files'; readonly files: readonly string[] }
  | { readonly kind: 'all' }
  | { readonly kind: 'failed' };

/** A parse that reparsing produces: node fingerprints, and the graph for a node's dependants. */
export interface WatchGraph {
  readonly prints: ReadonlyMap<NodeId, string>;
  readonly dag: { descendants(id: NodeId): Iterable<NodeId> };
}

export interface WatchState<G extends WatchGraph> {
  /** The last parse without errors (undefined until the first). */
  readonly good: G | undefined;
  readonly failed: ReadonlySet<string>;
  /** Requests waiting for the next batch. */
  readonly queue: readonly WatchRequest[];
  /** The rest of the batch under way. */
  readonly batch: readonly WatchRequest[];
  /** Stopping: the batch under way finishes, no new one starts. */
  readonly stopping: boolean;
}

/** What reparses: the saved files, or (undefined) everything. */
type ParseRequest = Exclude<WatchRequest, { kind: 'failed' }>;

export type WatchEvent<G extends WatchGraph> =
  | { readonly type: 'requested'; readonly request: WatchRequest }
  /** The driver is free: start what waits. */
  | { readonly type: 'idle' }
  /** The parse that a `parse` action asked for; undefined when it had errors. */
  | { readonly type: 'parsed'; readonly request: ParseRequest; readonly graph: G | undefined }
  | {
      readonly type: 'built';
      readonly results: readonly { readonly id: string; readonly status: NodeStatus }[];
    }
  /** A cycle threw: the rest of its batch is dropped, what was queued meanwhile waits for the next request. */
  | { readonly type: 'crashed' }
  | { readonly type: 'stop' };

export interface BuildAction<G extends WatchGraph> {
  readonly kind: 'build';
  readonly graph: G;
  /** Of the graph's selected nodes, only these (undefined: all). */
  readonly only: ReadonlySet<string> | undefined;
  /** For the output: `watch: <why> — building …`. */
  readonly why: string;
  /** The first build: a project with a generator and no landed data generates it first. */
  readonly initial: boolean;
  /** Nodes that left the project, named from `previous`. */
  readonly removed: readonly NodeId[];
  readonly previous: G | undefined;
}

export type WatchAction<G extends WatchGraph> =
  { readonly kind: 'wait' } | { readonly kind: 'parse'; readonly request: ParseRequest } | BuildAction<G>;

interface Step<G extends WatchGraph> {
  readonly state: WatchState<G>;
  readonly action: WatchAction<G>;
}

/** A session before its first request. */
export function initialWatchState<G extends WatchGraph>(): WatchState<G> {
  return { good: undefined, failed: new Set(), queue: [], batch: [], stopping: false };
}

export function reduceWatch<G extends WatchGraph>(state: WatchState<G>, event: WatchEvent<G>): Step<G> {
  switch (event.type) {
    case 'requested':
      return { state: { ...state, queue: [...state.queue, event.request] }, action: { kind: 'wait' } };
    case 'idle':
      return advance(state);
    case 'parsed':
      return event.graph ? planBuild(state, event.request, event.graph) : advance(state);
    case 'built':
      return advance({ ...state, failed: failedAfter(state.failed, event.results) });
    case 'crashed':
      return { state: { ...state, batch: [] }, action: { kind: 'wait' } };
    case 'stop':
      return { state: { ...state, stopping: true }, action: { kind: 'wait' } };
  }
}

/** Keys in the order they came, then one cycle for every file saved. */
export function takeBatch(queue: readonly WatchRequest[]): WatchRequest[] {
  const files = queue.flatMap((q) => (q.kind === 'files' ? q.files : []));
  const keys = queue.filter((q) => q.kind !== 'files');
  return files.length > 0 ? [...keys, { kind: 'files', files: [...new Set(files)] }] : keys;
}

/** The next request of the batch under way, or of a new batch when that one is done (and not stopping). */
function advance<G extends WatchGraph>(state: WatchState<G>): Step<G> {
  const under = state.batch.length > 0;
  if (!under && (state.stopping || state.queue.length === 0)) return { state, action: { kind: 'wait' } };
  const [request, ...rest] = under ? state.batch : takeBatch(state.queue);
  const next = { ...state, batch: rest, queue: under ? state.queue : [] };
  if (!request) return { state: next, action: { kind: 'wait' } };
  if (request.kind !== 'failed') return { state: next, action: { kind: 'parse', request } };
  if (!next.good) return advance(next);
  return {
    state: next,
    action: {
      kind: 'build',
      graph: next.good,
      only: new Set(next.failed),
      why: 'rebuilding what failed',
      initial: false,
      removed: [],
      previous: undefined,
    },
  };
}

/** After a good parse: the whole selection (first parse, `a`), or what the saves changed and its dependants. */
function planBuild<G extends WatchGraph>(state: WatchState<G>, request: ParseRequest, graph: G): Step<G> {
  const previous = state.good;
  if (request.kind === 'all' || !previous) {
    return {
      state: { ...state, good: graph },
      action: {
        kind: 'build',
        graph,
        only: undefined,
        why: previous ? 'rebuilding the selection' : 'initial build',
        initial: !previous,
        removed: [],
        previous,
      },
    };
  }
  const { changed, removed } = diffFingerprints(previous.prints, graph.prints);
  const failed = new Set(state.failed);
  for (const id of removed) failed.delete(id);
  const affected = new Set<string>();
  for (const id of changed) {
    affected.add(id);
    for (const d of graph.dag.descendants(id)) affected.add(d);
  }
  return {
    state: { ...state, good: graph, failed },
    action: {
      kind: 'build',
      graph,
      only: affected,
      why: `changed: ${request.files.join(', ')}`,
      initial: false,
      removed,
      previous,
    },
  };
}

function failedAfter(
  failed: ReadonlySet<string>,
  results: readonly { readonly id: string; readonly status: NodeStatus }[],
): ReadonlySet<string> {
  const next = new Set(failed);
  for (const r of results) {
    if (r.status === 'error' || r.status === 'fail' || r.status === 'skipped') next.add(r.id);
    else next.delete(r.id);
  }
  return next;
}
