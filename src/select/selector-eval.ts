/**
 * Evaluates a selection expression against the nodes and the graph. Tests are picked up
 * indirectly (dbt's default, "eager"): a test is selected when any node it tests is selected;
 * "cautious" requires all of them. A unit test is picked up with its model.
 */
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import { dependenciesOf } from '../core/nodes.js';
import type { Dag } from '../graph/dag.js';
import type { StateComparison } from '../state/state-compare.js';
import { matchesMethod } from './methods.js';
import type { Atom, SelectExpr } from './selector-parse.js';

export type IndirectSelection = 'eager' | 'cautious' | 'none';

interface SelectionScope {
  readonly nodes: ReadonlyMap<NodeId, ForgeNode>;
  readonly dag: Dag;
  readonly projectName: string;
  readonly state?: StateComparison;
}

export function evaluateSelection(
  expr: SelectExpr,
  scope: SelectionScope,
  indirect: IndirectSelection = 'eager',
): Set<NodeId> {
  const direct = evaluate(expr, scope);
  if (indirect === 'none') return direct;
  const excluded = expr.kind === 'exclude' ? evaluate(expr.minus, scope) : new Set<NodeId>();
  for (const node of scope.nodes.values()) {
    if (
      (node.resourceType !== 'test' && node.resourceType !== 'unit_test') ||
      direct.has(node.id) ||
      excluded.has(node.id)
    )
      continue;
    // a unit test follows its model, though it reads nothing built
    const parents = node.resourceType === 'unit_test' ? [node.attachedTo] : dependenciesOf(node);
    const pick =
      indirect === 'eager'
        ? parents.some((p) => direct.has(p))
        : parents.length > 0 && parents.every((p) => direct.has(p));
    if (pick) direct.add(node.id);
  }
  return direct;
}

function evaluate(expr: SelectExpr, scope: SelectionScope): Set<NodeId> {
  switch (expr.kind) {
    case 'atom':
      return evaluateAtom(expr, scope);
    case 'or':
      return expr.items.reduce((acc, item) => {
        for (const id of evaluate(item, scope)) acc.add(id);
        return acc;
      }, new Set<NodeId>());
    case 'and': {
      const [first, ...rest] = expr.items.map((item) => evaluate(item, scope));
      return new Set([...(first ?? [])].filter((id) => rest.every((set) => set.has(id))));
    }
    case 'exclude': {
      const minus = evaluate(expr.minus, scope);
      return new Set([...evaluate(expr.base, scope)].filter((id) => !minus.has(id)));
    }
  }
}

function evaluateAtom(atom: Atom, scope: SelectionScope): Set<NodeId> {
  const matched = new Set<NodeId>();
  const ctx = { projectName: scope.projectName, ...(scope.state ? { state: scope.state } : {}) };
  for (const node of scope.nodes.values()) {
    if (matchesMethod(node, atom.method, atom.value, ctx)) matched.add(node.id);
  }
  const result = new Set(matched);
  for (const id of matched) {
    if (atom.parents !== undefined)
      for (const a of scope.dag.ancestors(id, finite(atom.parents))) result.add(a);
    if (atom.children !== undefined || atom.childrensParents) {
      const descendants = scope.dag.descendants(
        id,
        atom.childrensParents ? undefined : finite(atom.children ?? 0),
      );
      for (const d of descendants) result.add(d);
      if (atom.childrensParents)
        for (const d of [id, ...descendants]) for (const a of scope.dag.ancestors(d)) result.add(a);
    }
  }
  return result;
}

function finite(depth: number): number | undefined {
  return Number.isFinite(depth) ? depth : undefined;
}
