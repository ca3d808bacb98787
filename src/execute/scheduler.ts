/**
 * A ready queue over the graph: up to `threads` nodes run at once, and a node starts as soon as its
 * prerequisites finished — no waves. Two kinds of prerequisite: parents (a failed or skipped parent
 * skips the node) and gates (tests on the parents: a failing gate skips the node, a gate that was
 * itself skipped does not). With failFast nothing new starts after the first failure, nor after a
 * stop is requested.
 */
import type { NodeId } from '../core/ids.js';
import { isOk, type NodeStatus } from '../report/events.js';

interface ScheduleInput {
  /** Selected ids in topological order. */
  readonly ids: readonly NodeId[];
  readonly parentsOf: (id: NodeId) => readonly NodeId[];
  /** Tests that must pass (or be skipped) before the node runs. */
  readonly gatesOf?: (id: NodeId) => readonly NodeId[];
  readonly threads: number;
  readonly failFast: boolean;
  /** Asked before each node starts: true starts nothing new (running nodes finish; `forge schedule` on SIGTERM). */
  readonly stopRequested?: () => boolean;
  readonly run: (id: NodeId, thread: number) => Promise<NodeStatus>;
  readonly skip: (id: NodeId, because: NodeId | undefined) => void;
}

interface Edges {
  readonly hard: Map<NodeId, NodeId[]>;
  readonly soft: Map<NodeId, NodeId[]>;
  readonly waiting: Map<NodeId, number>;
}

function edgesOf(input: ScheduleInput): Edges {
  const selected = new Set(input.ids);
  const edges: Edges = { hard: new Map(), soft: new Map(), waiting: new Map() };
  for (const id of input.ids) {
    const parents = input.parentsOf(id).filter((p) => selected.has(p));
    const gates = (input.gatesOf?.(id) ?? []).filter((g) => selected.has(g) && !parents.includes(g));
    edges.waiting.set(id, parents.length + gates.length);
    for (const p of parents) edges.hard.set(p, [...(edges.hard.get(p) ?? []), id]);
    for (const g of gates) edges.soft.set(g, [...(edges.soft.get(g) ?? []), id]);
  }
  return edges;
}

export async function schedule(input: ScheduleInput): Promise<Map<NodeId, NodeStatus>> {
  const status = new Map<NodeId, NodeStatus>();
  const { hard, soft, waiting } = edgesOf(input);
  const ready = input.ids.filter((id) => waiting.get(id) === 0);
  const freeThreads = Array.from({ length: Math.max(1, input.threads) }, (_, i) => input.threads - i);
  let stopped = false;
  let running = 0;
  let wake: (() => void) | undefined;

  const release = (id: NodeId): void => {
    const left = (waiting.get(id) ?? 1) - 1;
    waiting.set(id, left);
    if (left === 0 && !status.has(id)) ready.push(id);
  };
  const skip = (id: NodeId, cause: NodeId): void => {
    if (status.has(id)) return;
    status.set(id, 'skipped');
    input.skip(id, cause);
    for (const child of hard.get(id) ?? []) skip(child, cause);
    // A skipped gate neither passed nor failed: what it gates may still run.
    for (const child of soft.get(id) ?? []) release(child);
  };
  const finish = (id: NodeId, result: NodeStatus): void => {
    status.set(id, result);
    if (isOk(result)) {
      for (const child of [...(hard.get(id) ?? []), ...(soft.get(id) ?? [])]) release(child);
      return;
    }
    for (const child of [...(hard.get(id) ?? []), ...(soft.get(id) ?? [])]) skip(child, id);
    if (input.failFast) stopped = true;
  };
  while (true) {
    while (!stopped && !input.stopRequested?.() && ready.length > 0 && freeThreads.length > 0) {
      const id = ready.shift() as NodeId;
      if (status.has(id)) continue;
      const thread = freeThreads.pop() as number;
      running++;
      void input
        .run(id, thread)
        .catch(() => 'error' as const)
        .then((result) => {
          running--;
          freeThreads.push(thread);
          finish(id, result);
          wake?.();
        });
    }
    if (running === 0) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  for (const id of input.ids) {
    if (!status.has(id)) {
      status.set(id, 'skipped');
      input.skip(id, undefined);
    }
  }
  return status;
}
