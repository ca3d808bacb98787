/**
 * A run session: one graph (manifest + DAG) and one open warehouse that selections run on. `forge build`
 * opens one for a single run (api/run-project.ts); watch mode holds one for its whole life and runs every
 * cycle and every relayed command through it; `forge schedule` builds through run-project on each tick.
 * The selection and the command's filter are decided here, once, for all of them.
 */
import type { Warehouse } from '../adapters/adapter.js';
import type { NodeId } from '../core/ids.js';
import { isModelOf } from '../core/materialization.js';
import type { ForgeNode } from '../core/nodes.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import type { NodeResult } from '../execute/run-node.js';
import type { RunStop } from '../execute/run-selected.js';
import type { Dag } from '../graph/dag.js';
import type { Manifest } from '../parser/manifest.js';
import type { EventSink } from '../report/events.js';
import { executeRun, type ExecuteInput, type RunCommand, type RunOptions, type RunOutcome } from './build.js';
import { select, type Selection } from './forge.js';
import type { ForgeOptions } from './load-project.js';

export interface RunGraph {
  readonly manifest: Manifest;
  readonly dag: Dag;
}

interface ChosenIds {
  /** In graph order. */
  readonly ids: NodeId[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The selection's nodes (or exactly `run.only`'s, for `forge retry`) that the command runs, in graph order. */
export function chooseRunIds(
  graph: RunGraph,
  selection: Selection,
  run: Pick<RunOptions, 'command' | 'only'>,
): ChosenIds {
  const { manifest, dag } = graph;
  const only = run.only && new Set(run.only);
  const chosen = only
    ? { ids: dag.topologicalOrder().filter((id) => only.has(id)), diagnostics: [] }
    : select(manifest, dag, selection);
  const ids = chosen.ids.filter((id) => {
    const n = manifest.nodes.get(id);
    return n !== undefined && runsNode(run.command, n);
  });
  return { ids, diagnostics: chosen.diagnostics };
}

/** What a run takes besides the graph, the ids and the warehouse (see ExecuteInput). */
type SessionRunInput = Pick<ExecuteInput, 'started' | 'deferred' | 'cloneFrom' | 'writeManifest'>;

export class RunSession {
  constructor(
    readonly options: ForgeOptions,
    readonly graph: RunGraph,
    readonly warehouse: Warehouse,
  ) {}

  choose(selection: Selection, run: Pick<RunOptions, 'command' | 'only'>): ChosenIds {
    return chooseRunIds(this.graph, selection, run);
  }

  /** Runs ids from `choose` and writes the artifacts; the caller reports the summary (it decides what the wall time covers). */
  execute(
    ids: readonly NodeId[],
    run: RunOptions,
    events: EventSink,
    input: SessionRunInput = {},
  ): Promise<RunOutcome> {
    return executeRun(
      { ...this.graph, ids, warehouse: this.warehouse, run, options: this.options, ...input },
      events,
    );
  }
}

interface Cancellation {
  /** The run's stop: the signal, or the caller's own stop. */
  readonly stop: RunStop | undefined;
  /** The signal aborted while the run went (or before it started). */
  readonly interrupted: boolean;
  dispose(): void;
}

/**
 * While a run goes, an aborted `signal` (the CLI wires Ctrl-C to it) cancels the warehouse's running
 * statements and lets nothing new start; the skip reason names what actually stopped the run: the
 * signal's reason when it is a string (the CLI's is "interrupted (Ctrl-C)"), else "interrupted".
 */
export function cancelOn(
  signal: AbortSignal | undefined,
  warehouse: Warehouse,
  events: EventSink,
  own: RunStop | undefined,
): Cancellation {
  if (!signal) return { stop: own, interrupted: false, dispose: () => undefined };
  const state = { requested: false };
  const cancel = (): void => {
    if (state.requested) return;
    state.requested = true;
    events({ type: 'info', message: 'interrupted: cancelling the running statements; nothing new starts' });
    void warehouse.cancel?.();
  };
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });
  const stop: RunStop = {
    requested: () => state.requested || (own?.requested() ?? false),
    get reason() {
      return state.requested ? abortReason(signal) : (own?.reason ?? '');
    },
  };
  return {
    stop,
    get interrupted() {
      return state.requested;
    },
    dispose: () => {
      signal.removeEventListener('abort', cancel);
    },
  };
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : 'interrupted';
}

export function emitSummary(
  events: EventSink,
  results: readonly NodeResult[],
  ms: number,
  statementMs: number,
): void {
  const count = (status: string): number => results.filter((r) => r.status === status).length;
  events({
    type: 'run-summary',
    success: count('success'),
    reused: count('reused'),
    error: count('error'),
    skipped: count('skipped'),
    pass: count('pass'),
    warn: count('warn'),
    fail: count('fail'),
    ms,
    statementMs,
  });
}

/** Which nodes a command runs. */
function runsNode(command: RunCommand, node: ForgeNode): boolean {
  const snapshot = isModelOf(node, 'snapshot');
  switch (command) {
    case 'build':
      return (
        node.resourceType === 'seed' ||
        node.resourceType === 'model' ||
        node.resourceType === 'test' ||
        node.resourceType === 'ml' ||
        node.resourceType === 'unit_test' ||
        (node.resourceType === 'source' && (node.external !== undefined || node.streamOf !== undefined))
      );
    case 'test':
      return node.resourceType === 'test' || node.resourceType === 'unit_test';
    case 'run':
      return (node.resourceType === 'model' && !snapshot) || node.resourceType === 'ml';
    case 'seed':
      return node.resourceType === 'seed';
    case 'snapshot':
      return snapshot;
    case 'clone':
      return (
        (node.resourceType === 'model' && node.materialization.kind !== 'ephemeral') ||
        node.resourceType === 'seed'
      );
  }
}
