/**
 * The dependency graph: the only user of @dagrejs/graphlib. Edges point from a parent to the nodes
 * that depend on it (data flows along edges).
 */
import { Graph, alg } from '@dagrejs/graphlib';
import type { NodeId } from '../core/ids.js';

export class Dag {
  private readonly graph = new Graph({ directed: true });
  private order: NodeId[] | undefined;

  constructor(nodes: Iterable<{ readonly id: NodeId; readonly parents: readonly NodeId[] }>) {
    const all = [...nodes];
    for (const node of all) this.graph.setNode(node.id);
    for (const node of all) {
      for (const parent of node.parents) if (this.graph.hasNode(parent)) this.graph.setEdge(parent, node.id);
    }
  }

  has(id: NodeId): boolean {
    return this.graph.hasNode(id);
  }

  ids(): NodeId[] {
    return this.graph.nodes() as NodeId[];
  }

  parents(id: NodeId): NodeId[] {
    return (this.graph.predecessors(id) ?? []) as NodeId[];
  }

  children(id: NodeId): NodeId[] {
    return (this.graph.successors(id) ?? []) as NodeId[];
  }

  /** Nodes reachable upstream, up to `depth` steps (all when undefined). Excludes the start. */
  ancestors(id: NodeId, depth?: number): Set<NodeId> {
    return this.walk(id, (n) => this.parents(n), depth);
  }

  descendants(id: NodeId, depth?: number): Set<NodeId> {
    return this.walk(id, (n) => this.children(n), depth);
  }

  private walk(start: NodeId, next: (id: NodeId) => NodeId[], depth?: number): Set<NodeId> {
    const seen = new Set<NodeId>();
    let frontier = [start];
    for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
      const upcoming: NodeId[] = [];
      for (const id of frontier) {
        for (const other of next(id)) {
          if (!seen.has(other) && other !== start) {
            seen.add(other);
            upcoming.push(other);
          }
        }
      }
      frontier = upcoming;
    }
    return seen;
  }

  /** Every node, parents before children (computed once). Only valid on an acyclic graph. */
  topologicalOrder(): NodeId[] {
    this.order ??= alg.topsort(this.graph) as NodeId[];
    return this.order;
  }

  /** Each cycle as a closed path `[a, b, …, a]` following edge direction. */
  cycles(): NodeId[][] {
    try {
      this.topologicalOrder();
      return [];
    } catch {
      // topsort fails only on a cycle: find them all
    }
    const self = this.graph.nodes().filter((n) => this.graph.hasEdge(n, n)).map((n) => [n, n] as NodeId[]);
    return [...self, ...alg.findCycles(this.graph).filter((c) => c.length > 1).map((scc) => this.pathThrough(scc as NodeId[]))];
  }

  private pathThrough(component: NodeId[]): NodeId[] {
    const members = new Set(component);
    const start = [...component].sort()[0] as NodeId;
    const path: NodeId[] = [start];
    const visited = new Set<NodeId>([start]);
    const dfs = (id: NodeId): boolean => {
      for (const child of this.children(id)) {
        if (child === start) { path.push(start); return true; }
        if (members.has(child) && !visited.has(child)) {
          visited.add(child);
          path.push(child);
          if (dfs(child)) return true;
          path.pop();
        }
      }
      return false;
    };
    dfs(start);
    return path;
  }
}
