/**
 * Runs the selected nodes through the ready queue, emitting a node-start / node-done event for each
 * and a skipped result (with its cause) for every node a failure or --fail-fast kept from running.
 */
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import type { RunContext } from './run-context.js';
import { runNode, type NodeResult } from './run-node.js';
import { schedule } from './scheduler.js';

interface RunSelectedInput {
  readonly ids: readonly NodeId[];
  readonly parentsOf: (id: NodeId) => readonly NodeId[];
  /** In a build, the tests on a node's parents that must not fail before it runs. */
  readonly gatesOf?: (id: NodeId) => readonly NodeId[];
  readonly threads: number;
  readonly failFast: boolean;
  readonly stop?: RunStop;
}

/** A way to stop a run between nodes, and what to say of the nodes it kept from starting. */
export interface RunStop {
  readonly requested: () => boolean;
  readonly reason: string;
}

export async function runSelected(
  ctx: RunContext,
  input: RunSelectedInput,
): Promise<Map<NodeId, NodeResult>> {
  const { manifest, events } = ctx;
  const results = new Map<NodeId, NodeResult>();
  const total = input.ids.length;
  let index = 0;
  const nodeOf = (id: NodeId): ForgeNode => manifest.nodes.get(id) as ForgeNode;
  await schedule({
    ids: input.ids,
    threads: input.threads,
    failFast: input.failFast,
    ...(input.stop ? { stopRequested: input.stop.requested } : {}),
    parentsOf: input.parentsOf,
    ...(input.gatesOf ? { gatesOf: input.gatesOf } : {}),
    run: async (id, thread) => {
      const node = nodeOf(id);
      const position = ++index;
      events({ type: 'node-start', id, name: node.name, index: position, total, thread });
      const result = await runNode(ctx, node, thread);
      results.set(id, result);
      events({
        type: 'node-done',
        id,
        name: node.name,
        resourceType: node.resourceType,
        what: result.what,
        status: result.status,
        index: position,
        total,
        thread,
        ms: result.completedAt.getTime() - result.startedAt.getTime(),
        ...(result.rows !== undefined ? { rows: result.rows } : {}),
        ...(result.status !== 'success' && result.status !== 'pass' ? { message: result.message } : {}),
        ...(result.adapterResponse ? { adapterResponse: result.adapterResponse } : {}),
      });
      return result.status;
    },
    skip: (id, because) => {
      const node = nodeOf(id);
      const message = because
        ? `skipped: upstream ${manifest.nodes.get(because)?.name ?? because} failed`
        : input.stop?.requested()
          ? `skipped: ${input.stop.reason}`
          : input.failFast
            ? 'skipped: stopped by --fail-fast'
            : 'skipped: its prerequisites never completed';
      const now = new Date();
      results.set(id, {
        id,
        status: 'skipped',
        what: node.name,
        message,
        thread: 0,
        startedAt: now,
        completedAt: now,
      });
      events({
        type: 'node-done',
        id,
        name: node.name,
        resourceType: node.resourceType,
        what: node.name,
        status: 'skipped',
        index: 0,
        total,
        thread: 0,
        ms: 0,
        message,
      });
    },
  });
  return results;
}
