/**
 * build / run / seed / snapshot: parse, select, open the warehouse, run the selected nodes through
 * the ready queue, write target/manifest.json and target/run_results.json.
 */
import { Registry } from '../ml/registry.js';
import { randomUUID } from 'node:crypto';
import { openWarehouse } from '../adapters/open-warehouse.js';
import { writeManifest } from '../artifacts/write-artifacts.js';
import { writeRunResults } from '../artifacts/run-results.js';
import { createCompiler } from '../compile/compile.js';
import { configString } from '../core/config.js';
import type { NodeId } from '../core/ids.js';
import { isRelationNode, type ForgeNode } from '../core/nodes.js';
import type { Warehouse } from '../adapters/adapter.js';
import type { Dag } from '../graph/dag.js';
import type { Manifest } from '../parser/manifest.js';
import { hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import type { NodeResult } from '../execute/run-node.js';
import { runSelected } from '../execute/run-selected.js';
import { createHistorySql } from '../execute/load-source.js';
import type { RunContext } from '../execute/run-context.js';
import { ignoreEvents, type EventSink } from '../report/events.js';
import { parse, select, type Selection } from './forge.js';
import { landingReady, runGenerator } from './generate.js';
import type { ForgeOptions } from './load-project.js';

export type RunCommand = 'build' | 'run' | 'seed' | 'snapshot' | 'test';

export interface RunOptions {
  readonly command: RunCommand;
  readonly fullRefresh?: boolean;
  readonly threads?: number;
  readonly failFast?: boolean;
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** Run exactly these nodes instead of a selection (`forge retry`). */
  readonly only?: readonly NodeId[];
}

export interface RunOutcome {
  readonly diagnostics: readonly Diagnostic[];
  readonly results: readonly NodeResult[];
  /** Milliseconds inside warehouse statements, and in the whole command. */
  readonly statementMs: number;
  readonly wallMs: number;
}

/** Which nodes a command runs. */
export function runsNode(command: RunCommand, node: ForgeNode): boolean {
  const snapshot = node.resourceType === 'model' && configString(node.config, 'materialized') === 'snapshot';
  switch (command) {
    case 'build': return node.resourceType === 'seed' || node.resourceType === 'model' || node.resourceType === 'test' || node.resourceType === 'ml' ||
      (node.resourceType === 'source' && node.external !== undefined);
    case 'test': return node.resourceType === 'test';
    case 'run': return (node.resourceType === 'model' && !snapshot) || node.resourceType === 'ml';
    case 'seed': return node.resourceType === 'seed';
    case 'snapshot': return snapshot;
  }
}

/**
 * Creates every schema the run writes to (and the load-history table of loaded sources), one at a
 * time, before any thread starts: DuckDB reports a write-write conflict when two connections create
 * the same catalog entry at once.
 */
async function createSchemas(warehouse: Warehouse, nodes: readonly ForgeNode[]): Promise<void> {
  const connection = await warehouse.connect();
  try {
    const seen = new Set<string>();
    for (const node of nodes) {
      if (!isRelationNode(node) || (node.resourceType === 'source' && !node.external)) continue;
      const key = `${node.relation.database}.${node.relation.schema}`.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      await connection.execute(warehouse.dialect.createSchema(node.relation));
      if (node.resourceType === 'source') await connection.execute(createHistorySql(warehouse.dialect, node));
      if (node.resourceType === 'ml') await new Registry(connection, warehouse.dialect, node).ensure();
    }
  } finally {
    connection.release();
  }
}

/**
 * Build gating: a node waits for its parents and for the generic tests attached to them, so a
 * failing error-severity test skips the tested node's dependants. Singular tests gate nothing (they
 * are reported, counted and fail the run): one reading several nodes would otherwise, when any of
 * them failed and it was skipped, skip the dependants of all the others too.
 */
export function gatesOf(manifest: Manifest, dag: Dag, ids: readonly NodeId[]): (id: NodeId) => NodeId[] {
  const gates = new Map<NodeId, NodeId[]>();
  for (const id of ids) {
    const node = manifest.nodes.get(id);
    if (node?.resourceType !== 'test') continue;
    if (node.attachedTo) gates.set(node.attachedTo, [...(gates.get(node.attachedTo) ?? []), id]);
  }
  return (id) => {
    if (manifest.nodes.get(id)?.resourceType === 'test') return [];
    // A test that itself reads this node cannot gate it.
    return dag.parents(id).flatMap((p) => gates.get(p) ?? []).filter((test) => !dag.ancestors(test).has(id));
  };
}

/** A build of a project with a generator and no landed data yet generates the default data first. */
async function generateIfMissing(manifest: Manifest, command: RunCommand, events: EventSink): Promise<void> {
  const generator = manifest.project.generator;
  if (command !== 'build' || !generator || landingReady(manifest.projectDir, generator)) return;
  events({ type: 'info', message: `no landed data in ${generator.landing} yet: generating it (scale ${generator.scale}) before the build` });
  await runGenerator(manifest.projectDir, generator, {}, events);
}

export async function runProject(options: ForgeOptions, selection: Selection, run: RunOptions, events: EventSink = ignoreEvents): Promise<RunOutcome> {
  const started = performance.now();
  const parsed = await parse(options, events);
  const none = { results: [], statementMs: 0, wallMs: 0 };
  if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics)) return { ...none, diagnostics: parsed.diagnostics };
  const { manifest, dag } = parsed;
  const only = run.only && new Set(run.only);
  const chosen = only ? { ids: dag.topologicalOrder().filter((id) => only.has(id)), diagnostics: [] } : select(manifest, dag, selection);
  const diagnostics = [...parsed.diagnostics, ...chosen.diagnostics];
  if (hasErrors(chosen.diagnostics)) return { ...none, diagnostics };
  const ids = chosen.ids.filter((id) => { const n = manifest.nodes.get(id); return n !== undefined && runsNode(run.command, n); });
  await generateIfMissing(manifest, run.command, events);
  const warehouse = await openWarehouse(manifest.target);
  let outcome: RunOutcome;
  try {
    outcome = await executeRun({ manifest, dag, ids, warehouse, run, options, started }, events);
  } finally {
    await warehouse.close();
  }
  // after closing: DuckDB's checkpoint on close is statement time, not Forge's
  const wallMs = performance.now() - started;
  emitSummary(events, outcome.results, wallMs, warehouse.statementMs);
  return { ...outcome, diagnostics: [...diagnostics, ...outcome.diagnostics], statementMs: warehouse.statementMs, wallMs };
}

export function emitSummary(events: EventSink, results: readonly NodeResult[], ms: number, statementMs: number): void {
  const count = (status: string): number => results.filter((r) => r.status === status).length;
  events({ type: 'run-summary', success: count('success'), error: count('error'), skipped: count('skipped'), pass: count('pass'), warn: count('warn'),
    fail: count('fail'), ms, statementMs });
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
}

/** Runs already-selected nodes on an open warehouse and writes the artifacts (the caller reports the summary). */
export async function executeRun(input: ExecuteInput, events: EventSink = ignoreEvents): Promise<RunOutcome> {
  const { manifest, dag, ids, warehouse, run, options } = input;
  const started = input.started ?? performance.now();
  const startedAt = options.now?.() ?? new Date();
  const statementsBefore = warehouse.statementMs;
  const compiler = createCompiler(manifest);
  const ctx: RunContext = {
    manifest, warehouse, compiler, fullRefresh: run.fullRefresh ?? false, now: startedAt, events, loggedOnce: new Set(),
    ...(run.eventTimeStart ? { eventTimeStart: run.eventTimeStart } : {}), ...(run.eventTimeEnd ? { eventTimeEnd: run.eventTimeEnd } : {}),
  };
  await createSchemas(warehouse, ids.map((id) => manifest.nodes.get(id)).filter((n): n is ForgeNode => n !== undefined));
  const results = await runSelected(ctx, { ids: [...ids], parentsOf: (id) => dag.parents(id), gatesOf: gatesOf(manifest, dag, ids),
    threads: run.threads ?? manifest.target.threads, failFast: run.failFast ?? false });
  const ordered = ids.map((id) => results.get(id)).filter((r): r is NodeResult => r !== undefined);
  const wallMs = performance.now() - started;
  const statementMs = warehouse.statementMs - statementsBefore;
  const invocationId = options.newId?.() ?? randomUUID();
  await writeManifest(manifest, (id) => results.get(id)?.sql, { generatedAt: new Date().toISOString(), invocationId });
  await writeRunResults(manifest, ordered, { invocationId, startedAt, elapsedSeconds: wallMs / 1000, args: { which: run.command, full_refresh: run.fullRefresh ?? false } });
  return { diagnostics: compiler.diagnostics, results: ordered, statementMs, wallMs };
}
