/**
 * build / run / seed / snapshot / test / clone as one run: parse, choose the ids, prepare (generate
 * missing data, plan --defer or clone, open the warehouse), run them in a RunSession, close, summarise.
 */
import { openWarehouse } from '../adapters/open-warehouse.js';
import type { Warehouse } from '../adapters/adapter.js';
import type { NodeId } from '../core/ids.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, hasErrors } from '../errors/diagnostic.js';
import type { Manifest } from '../parser/manifest.js';
import { ignoreEvents, type EventSink } from '../report/events.js';
import { chooseDeferred, planDefer, stateRelations, type DeferPlan } from '../state/defer.js';
import type { RunCommand, RunOptions, RunOutcome } from './build.js';
import { parse, type Selection } from './forge.js';
import { landingReady, runGenerator } from './generate.js';
import type { ForgeOptions } from './load-project.js';
import { cancelOn, chooseRunIds, emitSummary, RunSession, type RunGraph } from './run-session.js';

/** A build of a project with a generator and no landed data yet generates the default data first. */
export async function generateIfMissing(
  manifest: Manifest,
  command: RunCommand,
  events: EventSink,
): Promise<void> {
  const generator = manifest.project.generator;
  if (command !== 'build' || !generator || landingReady(manifest.projectDir, generator)) return;
  events({
    type: 'info',
    message: `no landed data in ${generator.landing} yet: generating it (scale ${generator.scale}) before the build`,
  });
  await runGenerator(manifest.projectDir, generator, {}, events);
}

export async function runProject(
  options: ForgeOptions,
  selection: Selection,
  run: RunOptions,
  events: EventSink = ignoreEvents,
): Promise<RunOutcome> {
  const started = performance.now();
  const parsed = await parse(options, events);
  const none = { results: [], statementMs: 0, wallMs: 0 };
  if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics))
    return { ...none, diagnostics: parsed.diagnostics };
  const graph = { manifest: parsed.manifest, dag: parsed.dag };
  const chosen = chooseRunIds(graph, selection, run);
  const diagnostics = [...parsed.diagnostics, ...chosen.diagnostics];
  if (hasErrors(chosen.diagnostics)) return { ...none, diagnostics };
  await generateIfMissing(graph.manifest, run.command, events);
  if (run.command === 'clone' && !selection.state) {
    return {
      ...none,
      diagnostics: [
        ...diagnostics,
        diagnostic(
          Codes.usage,
          "forge clone copies relations from a previous run's target, but no --state was given",
          undefined,
          'add --state <dir>: the target/ folder of that run',
        ),
      ],
    };
  }
  const outcome = await runOnWarehouse(options, graph, chosen.ids, selection, run, events, started);
  return { ...outcome, diagnostics: [...diagnostics, ...outcome.diagnostics] };
}

/** Opens the warehouse (attaching what --defer or clone reads), runs the ids, closes it and reports the summary. */
async function runOnWarehouse(
  options: ForgeOptions,
  graph: RunGraph,
  ids: NodeId[],
  selection: Selection,
  run: RunOptions,
  events: EventSink,
  started: number,
): Promise<RunOutcome> {
  const { manifest } = graph;
  const clonePlan =
    run.command === 'clone' && selection.state ? stateRelations(manifest, selection.state, ids) : undefined;
  const deferPlan =
    run.defer && selection.state ? planDefer(manifest, selection.state, new Set(ids)) : undefined;
  const warehouse = await openWarehouse(manifest.target, {
    attach: clonePlan?.attachments ?? deferPlan?.attachments ?? [],
    threads: run.threads ?? manifest.target.threads,
    onWait: (message) => events({ type: 'info', message }),
  });
  let outcome: RunOutcome;
  const cancellation = cancelOn(run.signal, warehouse, events, run.stop);
  try {
    const deferred = deferPlan
      ? await deferredParents(manifest, warehouse, deferPlan, run.favorState ?? false, events)
      : undefined;
    const stop = cancellation.stop ? { stop: cancellation.stop } : {};
    outcome = await new RunSession(options, graph, warehouse).execute(ids, { ...run, ...stop }, events, {
      started,
      ...(deferred ? { deferred } : {}),
      ...(clonePlan ? { cloneFrom: clonePlan.candidates } : {}),
    });
  } finally {
    cancellation.dispose();
    await warehouse.close();
  }
  // after closing: DuckDB's checkpoint on close is statement time, not Forge's
  const wallMs = performance.now() - started;
  emitSummary(events, outcome.results, wallMs, warehouse.statementMs);
  return {
    ...outcome,
    statementMs: warehouse.statementMs,
    wallMs,
    ...(cancellation.interrupted ? { interrupted: true } : {}),
  };
}

async function deferredParents(
  manifest: Manifest,
  warehouse: Warehouse,
  plan: DeferPlan,
  favorState: boolean,
  events: EventSink,
): Promise<Map<NodeId, Relation>> {
  const connection = await warehouse.connect();
  try {
    const deferred = await chooseDeferred(
      manifest,
      plan,
      favorState,
      async (relation) => (await connection.describe(relation)) !== undefined,
    );
    const names = [...deferred.keys()].map((id) => manifest.nodes.get(id)?.name ?? id);
    events({
      type: 'info',
      message: `defer: ${names.length} unselected parent(s) read from the state's target${names.length > 0 ? `: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}` : ''}`,
    });
    return deferred;
  } finally {
    connection.release();
  }
}
