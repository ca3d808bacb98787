/**
 * Running already-chosen nodes on an open warehouse: which nodes a command runs, the ready queue with
 * the build's gating (build-gates.ts), and target/manifest.json and target/run_results.json
 * (api/run-session.ts and api/run-project.ts orchestrate the run around this).
 */
import { randomUUID } from 'node:crypto';
import { writeManifest } from '../artifacts/write-artifacts.js';
import { writeRunResults } from '../artifacts/run-results.js';
import { createCompiler } from '../compile/compile.js';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import type { Warehouse } from '../adapters/adapter.js';
import type { Dag } from '../graph/dag.js';
import type { Manifest } from '../parser/manifest.js';
import { diagnostic, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import { ignoreEvents, type EventSink } from '../report/events.js';
import type { NodeResult } from '../execute/run-node.js';
import { Generations } from '../execute/generations.js';
import { runSelected, type RunStop } from '../execute/run-selected.js';
import { cleanStaleBeside } from '../execute/stale-relations.js';
import type { RunContext } from '../execute/run-context.js';
import type { ForgeOptions } from './load-project.js';
import { gatesOf } from './build-gates.js';
import { prepareSchemas } from './prepare-schemas.js';
import { Codes } from '../errors/codes.js';
import type { Relation } from '../core/relation.js';

export type RunCommand = 'build' | 'run' | 'seed' | 'snapshot' | 'test' | 'clone';

export interface RunOptions {
  readonly command: RunCommand;
  readonly fullRefresh?: boolean;
  /** Run every selected node even where `reuse_unchanged` would reuse it (generations are still recorded). */
  readonly noReuse?: boolean;
  readonly threads?: number;
  readonly failFast?: boolean;
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** Run exactly these nodes instead of a selection (`forge retry`). */
  readonly only?: readonly NodeId[];
  /** Read unselected parents from the selection's state target (`--defer`), preferring it even where the current target has them (`--favor-state`). */
  readonly defer?: boolean;
  readonly favorState?: boolean;
  /** Stops the run between nodes (running nodes finish). */
  readonly stop?: RunStop;
  /** Aborting cancels the running statements and starts nothing new (the CLI's build, run, test wire Ctrl-C to it). Default: none. */
  readonly signal?: AbortSignal;
}

export interface RunOutcome {
  readonly diagnostics: readonly Diagnostic[];
  readonly results: readonly NodeResult[];
  /** Milliseconds inside warehouse statements, and in the whole command. */
  readonly statementMs: number;
  readonly wallMs: number;
  /** Ctrl-C stopped the run. */
  readonly interrupted?: boolean;
}

/** Whether a run failed: errors in the project or the selection, or a node that errored or failed its test. */
export function runFailed(diagnostics: readonly Diagnostic[], results: readonly NodeResult[]): boolean {
  return hasErrors(diagnostics) || results.some((r) => r.status === 'error' || r.status === 'fail');
}

export interface ExecuteInput {
  readonly manifest: Manifest;
  readonly dag: Dag;
  /** The nodes to run, already selected and filtered by command. */
  readonly ids: readonly NodeId[];
  /** An open warehouse (the caller closes it: watch mode keeps one open). */
  readonly warehouse: Warehouse;
  readonly run: RunOptions;
  readonly options: ForgeOptions;
  readonly started?: number;
  /** Unselected parents read from elsewhere (`--defer`). */
  readonly deferred?: ReadonlyMap<NodeId, Relation>;
  /** `forge clone`: the selected nodes' relations in the state's target. */
  readonly cloneFrom?: ReadonlyMap<NodeId, Relation>;
  /** False when this very manifest was already written (a watcher's relayed run): only run results are. */
  readonly writeManifest?: boolean;
}

/** Runs already-selected nodes on an open warehouse and writes the artifacts (the caller reports the summary). */
export async function executeRun(input: ExecuteInput, events: EventSink = ignoreEvents): Promise<RunOutcome> {
  const { manifest, dag, ids, warehouse, run, options } = input;
  const started = input.started ?? performance.now();
  const startedAt = options.now?.() ?? new Date();
  const statementsBefore = warehouse.statementMs;
  const compiler = createCompiler(manifest, input.deferred);
  const invocationId = options.newId?.() ?? randomUUID();
  const nodes = ids.map((id) => manifest.nodes.get(id)).filter((n): n is ForgeNode => n !== undefined);
  const unprepared = await prepareSchemas(warehouse, nodes);
  if (unprepared)
    return { diagnostics: unprepared, results: [], statementMs: 0, wallMs: performance.now() - started };
  await cleanStaleBeside(warehouse, { building: nodes, project: manifest.nodes.values() }, events);
  const generations = await Generations.open(manifest, warehouse, {
    runId: invocationId,
    reuseAllowed:
      !run.fullRefresh &&
      !run.noReuse &&
      !input.deferred?.size &&
      !input.cloneFrom &&
      !run.eventTimeStart &&
      !run.eventTimeEnd,
    warn: (message) =>
      events({
        type: 'diagnostic',
        diagnostic: diagnostic(
          Codes.reuseUnavailable,
          message,
          undefined,
          'every node runs; check the role can create and write a table in the target schema',
          'warn',
        ),
      }),
  });
  const ctx: RunContext = {
    runId: invocationId,
    manifest,
    warehouse,
    compiler,
    fullRefresh: run.fullRefresh ?? false,
    now: startedAt,
    events,
    loggedOnce: new Set(),
    ...(input.cloneFrom ? { cloneFrom: input.cloneFrom } : {}),
    ...(generations ? { generations } : {}),
    ...(run.eventTimeStart ? { eventTimeStart: run.eventTimeStart } : {}),
    ...(run.eventTimeEnd ? { eventTimeEnd: run.eventTimeEnd } : {}),
  };
  const results = await runSelected(ctx, {
    ids: [...ids],
    parentsOf: (id) => dag.parents(id),
    gatesOf: gatesOf(manifest, dag, ids),
    threads: run.threads ?? manifest.target.threads,
    failFast: run.failFast ?? false,
    ...(run.stop ? { stop: run.stop } : {}),
  });
  const ordered = ids.map((id) => results.get(id)).filter((r): r is NodeResult => r !== undefined);
  const wallMs = performance.now() - started;
  const statementMs = warehouse.statementMs - statementsBefore;
  if (input.writeManifest !== false)
    await writeManifest(manifest, (id) => results.get(id)?.sql, {
      generatedAt: new Date().toISOString(),
      invocationId,
    });
  await writeRunResults(manifest, ordered, {
    invocationId,
    startedAt,
    elapsedSeconds: wallMs / 1000,
    args: { which: run.command, full_refresh: run.fullRefresh ?? false },
  });
  return { diagnostics: compiler.diagnostics, results: ordered, statementMs, wallMs };
}
