/**
 * A ready queue over the graph: up to `threads` nodes run at once, and a node starts as soon as all
 * its (selected) parents succeeded — no waves. A failure skips only the failed node's descendants;
 * with failFast nothing new starts after the first failure.
 */
import type { NodeId } from '../core/ids.js';
import { isOk, type NodeStatus } from '../report/events.js';

export interface ScheduleInput {
  /** Selected ids in topological order. */
  readonly ids: readonly NodeId[];
  readonly parentsOf: (id: NodeId) => readonly NodeId[];
  readonly threads: number;
  readonly failFast: boolean;
  readonly run: (id: NodeId, thread: number) => Promise<NodeStatus>;
  readonly skip: (id: NodeId, because: NodeId | undefined) => void;
}

export async function schedule(input: ScheduleInput): Promise<Map<NodeId, NodeStatus>> {
  const selected = new Set(input.ids);
  const status = new Map<NodeId, NodeStatus>();
  const waiting = new Map<NodeId, number>();
  const children = new Map<NodeId, NodeId[]>();
  for (const id of input.ids) {
    const parents = input.parentsOf(id).filter((p) => selected.has(p));
    waiting.set(id, parents.length);
    for (const p of parents) children.set(p, [...(children.get(p) ?? []), id]);
  }
  const ready = input.ids.filter((id) => waiting.get(id) === 0);
  const freeThreads = Array.from({ length: Math.max(1, input.threads) }, (_, i) => input.threads - i);
  let stopped = false;
  let running = 0;
  let wake: (() => void) | undefined;

  const skipDescendants = (id: NodeId, cause: NodeId): void => {
    for (const child of children.get(id) ?? []) {
      if (status.has(child)) continue;
      status.set(child, 'skipped');
      input.skip(child, cause);
      skipDescendants(child, cause);
    }
  };
  const finish = (id: NodeId, result: NodeStatus): void => {
    status.set(id, result);
    if (!isOk(result)) {
      skipDescendants(id, id);
      if (input.failFast) stopped = true;
    } else {
      for (const child of children.get(id) ?? []) {
        const left = (waiting.get(child) ?? 1) - 1;
        waiting.set(child, left);
        if (left === 0 && !status.has(child)) ready.push(child);
      }
    }
  };
  while (true) {
    while (!stopped && ready.length > 0 && freeThreads.length > 0) {
      const id = ready.shift() as NodeId;
      const thread = freeThreads.pop() as number;
      running++;
      void input.run(id, thread).catch(() => 'error' as const).then((result) => {
        running--;
        freeThreads.push(thread);
        finish(id, result);
        wake?.();
      });
    }
    if (running === 0) break;
    await new Promise<void>((resolve) => { wake = resolve; });
  }
  for (const id of input.ids) {
    if (!status.has(id)) { status.set(id, 'skipped'); input.skip(id, undefined); }
  }
  return status;
}
